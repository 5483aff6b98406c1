// P5: the app shell's first-page JavaScript (gzipped) and its time to interactive in headless Chromium.
// Run: npm run build && npx tsx bench/web-first-page.ts   (prints one JSON line, then a table)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';
import { startBuiltServer } from './lib/built-server.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const dist = join(process.cwd(), 'web', 'dist');

/** The scripts and styles index.html loads up front (lazy chunks excluded: they are not on the first page). */
function firstPageAssets(): Array<{ file: string; bytes: number; gzip: number }> {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
  return refs.map((ref) => {
    const body = readFileSync(join(dist, ref));
    return { file: ref, bytes: body.byteLength, gzip: gzipSync(body, { level: 9 }).byteLength };
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main() {
  const assets = firstPageAssets();
  const lazyBytes = readdirSync(join(dist, 'assets', 'lazy'))
    .filter((f) => !f.endsWith('.map'))
    .reduce((sum, f) => sum + readFileSync(join(dist, 'assets', 'lazy', f)).byteLength, 0);
  const server = await startBuiltServer();
  // Launched inside the try: a browser that fails to start must not leave the server running.
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  const times: number[] = [];
  // Every script the first screen needed (the shell, then the library's lazy chunk and what it imports).
  const firstScreenScripts = new Set<string>();
  try {
    browser = await chromium.launch({
      executablePath: findChromium() ?? undefined,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    for (let i = 0; i < RUNS; i++) {
      // A fresh context each run: a first visit, no HTTP or service-worker cache.
      const context = await browser.newContext({ serviceWorkers: 'block' });
      const page = await context.newPage();
      page.on('request', (r) => {
        const path = new URL(r.url()).pathname;
        if (path.startsWith('/assets/') && path.endsWith('.js')) firstScreenScripts.add(path);
      });
      const started = Date.now();
      await page.goto(server.url);
      // Interactive = the first screen a new user meets (the character library, read from IndexedDB) shows the
      // starter character and its import control accepts a file.
      await page.getByRole('heading', { name: 'Characters', level: 1 }).waitFor();
      await page.getByTestId('character-tile').first().waitFor();
      await page.getByLabel('Import character').waitFor({ state: 'attached' });
      times.push(Date.now() - started);
      await context.close();
    }
  } finally {
    await browser?.close();
    await server.stop();
  }
  times.sort((a, b) => a - b);
  const js = assets.filter((a) => a.file.endsWith('.js'));
  const result = {
    bench: 'web-first-page',
    firstPageJsBytes: js.reduce((s, a) => s + a.bytes, 0),
    firstPageJsGzipBytes: js.reduce((s, a) => s + a.gzip, 0),
    firstPageCssGzipBytes: assets.filter((a) => a.file.endsWith('.css')).reduce((s, a) => s + a.gzip, 0),
    lazyChunkBytes: lazyBytes,
    // The shell plus the lazy chunks the first screen (the character library) loaded before it was interactive.
    firstScreenJsGzipBytes: [...firstScreenScripts].reduce(
      (sum, ref) => sum + gzipSync(readFileSync(join(dist, ref)), { level: 9 }).byteLength,
      0,
    ),
    runs: RUNS,
    ttiMsP50: percentile(times, 50),
    ttiMsMax: times.at(-1) ?? NaN,
  };
  console.log(JSON.stringify(result));
  console.table({
    'first-page JS (raw)': `${(result.firstPageJsBytes / 1024).toFixed(1)} KiB`,
    'first-page JS (gzip)': `${(result.firstPageJsGzipBytes / 1024).toFixed(1)} KiB`,
    'first-page CSS (gzip)': `${(result.firstPageCssGzipBytes / 1024).toFixed(1)} KiB`,
    'first screen JS, shell + library (gzip)': `${(result.firstScreenJsGzipBytes / 1024).toFixed(1)} KiB`,
    'lazy chunks, not on first page': `${(lazyBytes / 1024 / 1024).toFixed(1)} MiB`,
    'time to interactive p50': `${result.ttiMsP50} ms`,
    'time to interactive max': `${result.ttiMsMax} ms`,
  });
}

await main();
