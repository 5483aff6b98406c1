// Bundles the server into dist/main.js: npm packages stay external (installed beside it), workspace TypeScript is inlined.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// `--outfile <path>` lets tests build somewhere private instead of dist/.
const outArg = process.argv.indexOf('--outfile');
const outfile = outArg > 0 ? process.argv[outArg + 1] : 'dist/main.js';
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/**
 * Every npm package stays external (installed beside the bundle; native ones like better-sqlite3 cannot be bundled),
 * except the workspace packages, which ship as TypeScript source and must be compiled in. Their own npm imports
 * go through this same rule, so they stay external too.
 */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@companion/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const started = Date.now();
const result = await build({
  absWorkingDir: root,
  // The lip-sync alignment worker (services/voice/align-thread.ts) and the card reader (services/characters/card-thread.ts)
  // are their own files beside main.js.
  entryPoints: {
    [basename(outfile, '.js')]: 'src/main.ts',
    'voice-align-worker': 'src/services/voice/align-worker.ts',
    'card-read-worker': 'src/services/characters/card-worker.ts',
  },
  outdir: dirname(outfile),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [externalPackages],
  // Bundled CommonJS (if any) calls require(); ESM has none, so give it one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  define: { __SERVER_VERSION__: JSON.stringify(pkg.version) },
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`sync-server: ${outfile} built in ${Date.now() - started} ms (${(bytes / 1024).toFixed(0)} KiB with source map)`);
