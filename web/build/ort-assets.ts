// Vite plugin: serves onnxruntime-web's WASM runtime from our own origin at /ort/, in dev and in the build.
// transformers.js would otherwise fetch it from a CDN, which fails offline and breaks our CSP.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

const FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];

/** The onnxruntime-web that @huggingface/transformers itself imports (it may pin a nested copy). */
export function locateOrtDist(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('@huggingface/transformers'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  for (let base = dir; base !== dirname(base); base = dirname(base)) {
    const candidate = join(base, 'node_modules', 'onnxruntime-web', 'dist');
    if (FILES.every((file) => existsSync(join(candidate, file)))) return candidate;
  }
  throw new Error('onnxruntime-web runtime files not found next to @huggingface/transformers');
}

export function ortAssets(): Plugin {
  const dist = locateOrtDist();
  return {
    name: 'companion-ort-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.startsWith('/ort/') ? req.url.slice('/ort/'.length).split('?')[0] : undefined;
        if (!name || !FILES.includes(name)) return next();
        res.setHeader('Content-Type', name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        res.end(readFileSync(join(dist, name)));
      });
    },
    generateBundle() {
      for (const file of FILES) this.emitFile({ type: 'asset', fileName: `ort/${file}`, source: readFileSync(join(dist, file)) });
    },
  };
}
