// Bundles the bench-only page and worker entry with Vite into a throwaway folder (never web/dist): the production
// build and its service worker stay exactly as shipped, and this page cannot reach users.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export async function buildXttsBenchPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root,
    base: '/',
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
    worker: { format: 'es' },
  });
}
