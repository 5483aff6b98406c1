// Vite plugin: serves runtime files from npm packages at our own origin (dev and build), e.g. /ort/*.wasm and
// /speech/espeak-ng.data. Libraries would otherwise fetch them from a CDN: that fails offline and breaks our CSP.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import type { Plugin } from 'vite';

export interface AssetGroup {
  /** URL folder, e.g. "ort" → /ort/<file>. */
  urlDir: string;
  dir: string;
  files: readonly string[];
  /** Rewrites a file's bytes on the way out (dev and build alike). */
  transform?: (file: string, bytes: Buffer) => Buffer;
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

/** Every file under `dir`, as paths relative to it (forward slashes, for URLs). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

/**
 * The default avatar: Live2D's Cubism 2.1 runtime (proprietary, Live2D's licence; an ES module in live2d-widget@3.1.4)
 * and the sample model Shizuku (Live2D's Free Material License). Copied from node_modules at build time, never committed.
 */
export function live2dAssets(): AssetGroup[] {
  const runtime = join(packageRoot(require.resolve('live2d-widget/package.json')), 'src', 'lib');
  const shizuku = join(packageRoot(require.resolve('live2d-widget-model-shizuku/package.json')), 'assets');
  return [
    { urlDir: 'live2d/runtime', dir: runtime, files: ['live2d.core.js'], transform: (_file, bytes) => Buffer.from(classicRuntime(bytes.toString('utf8'))) },
    { urlDir: 'live2d/shizuku', dir: shizuku, files: filesUnder(shizuku) },
  ];
}

/**
 * live2d-widget turned Live2D's runtime into an ES module by appending `export{…}`, but the code itself declares the
 * same names twice, which only sloppy-mode scripts allow. So the export list becomes globals (what the renderer
 * expects) and the whole file runs as a classic script inside a function, keeping its private names off window.
 */
export function classicRuntime(code: string): string {
  const at = code.lastIndexOf('export{');
  if (at < 0) return code;
  const list = code.slice(at + 'export{'.length, code.indexOf('}', at));
  const assignments = list
    .split(',')
    .map((entry) => entry.trim().match(/^([\w$]+)\s+as\s+([\w$]+)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => `window.${m[2]} = ${m[1]};`);
  return `(function () {\n${code.slice(0, at)}\n${assignments.join('\n')}\n})();\n`;
}

const TYPES: Record<string, string> = {
  '.wasm': 'application/wasm',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.png': 'image/png',
  '.mp3': 'audio/mpeg',
  '.data': 'application/octet-stream',
};

export function packageAssets(groups: readonly AssetGroup[]): Plugin {
  const byUrl = new Map<string, { path: string; transform?: AssetGroup['transform'] }>(
    groups.flatMap((g) => g.files.map((f): [string, { path: string; transform?: AssetGroup['transform'] }] => [`/${g.urlDir}/${f}`, { path: join(g.dir, f), transform: g.transform }])),
  );
  const read = ({ path, transform }: { path: string; transform?: AssetGroup['transform'] }) => (transform ? transform(path, readFileSync(path)) : readFileSync(path));
  return {
    name: 'companion-package-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = byUrl.get((req.url ?? '').split('?')[0] ?? '');
        if (!file) return next();
        res.setHeader('Content-Type', TYPES[file.path.slice(file.path.lastIndexOf('.'))] ?? 'application/octet-stream');
        res.end(read(file));
      });
    },
    generateBundle() {
      for (const [url, file] of byUrl) this.emitFile({ type: 'asset', fileName: url.slice(1), source: read(file) });
    },
  };
}
