// Vite plugin: serves runtime files from npm packages at our own origin (dev and build), e.g. /ort/*.wasm and
// /speech/espeak-ng.data. Libraries would otherwise fetch them from a CDN: that fails offline and breaks our CSP.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

export interface AssetGroup {
  /** URL folder, e.g. "ort" → /ort/<file>. */
  urlDir: string;
  dir: string;
  files: readonly string[];
}

const require = createRequire(import.meta.url);

function packageRoot(entry: string): string {
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/** The onnxruntime-web that @huggingface/transformers itself imports (it may pin a nested copy). */
export function ortAssets(): AssetGroup {
  const files = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];
  const start = packageRoot(require.resolve('@huggingface/transformers'));
  for (let base = start; base !== dirname(base); base = dirname(base)) {
    const dir = join(base, 'node_modules', 'onnxruntime-web', 'dist');
    if (files.every((file) => existsSync(join(dir, file)))) return { urlDir: 'ort', dir, files };
  }
  throw new Error('onnxruntime-web runtime files not found next to @huggingface/transformers');
}

/** espeak-ng's voice data (GPL-3.0, fetched only when the espeak voice is used). */
export function espeakAssets(): AssetGroup {
  const coreRequire = createRequire(require.resolve('@companion/core/speech'));
  const dir = dirname(coreRequire.resolve('@echogarden/espeak-ng-emscripten/espeak-ng.data'));
  return { urlDir: 'speech', dir, files: ['espeak-ng.data'] };
}

const TYPES: Record<string, string> = { '.wasm': 'application/wasm', '.mjs': 'text/javascript', '.data': 'application/octet-stream' };

export function packageAssets(groups: readonly AssetGroup[]): Plugin {
  const byUrl = new Map<string, string>(groups.flatMap((g) => g.files.map((f): [string, string] => [`/${g.urlDir}/${f}`, join(g.dir, f)])));
  return {
    name: 'companion-package-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = byUrl.get((req.url ?? '').split('?')[0] ?? '');
        if (!file) return next();
        res.setHeader('Content-Type', TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [url, file] of byUrl) this.emitFile({ type: 'asset', fileName: url.slice(1), source: readFileSync(file) });
    },
  };
}
