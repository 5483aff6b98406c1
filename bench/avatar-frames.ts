// The avatar's cost in the built app (headless Chromium, WebGL on SwiftShader here): frame intervals and the avatar's
// own work per frame on a page without it, with it idle, and with it speaking (a long reply's mouth track scheduled on
// a playing AudioContext, as the speech player does); lip-sync error over that reply; and the avatar's chunk sizes,
// checking none is on the first page.
// Run: npm run build && npx tsx bench/avatar-frames.ts   (prints a table, then one JSON line)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';
import { measureLipSync, readProbe, type ProbeDump } from '../e2e/avatar-lip-sync.ts';
import { startBuiltServer } from './lib/built-server.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const dist = join(process.cwd(), 'web', 'dist');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(2)) : null;
};

/** requestAnimationFrame intervals over `seconds`, measured in the page. */
async function frameIntervals(page: Page, seconds: number): Promise<number[]> {
  return page.evaluate(
    (ms) =>
      new Promise<number[]>((resolve) => {
        const out: number[] = [];
        let last = performance.now();
        const end = last + ms;
        const tick = (now: number) => {
          out.push(now - last);
          last = now;
          if (now < end) requestAnimationFrame(tick);
          else resolve(out.slice(1));
        };
        requestAnimationFrame(tick);
      }),
    seconds * 1000,
  );
}

/** Plays `seconds` of quiet noise and schedules a syllable-like mouth track on it (open/closed about 5 times a second). */
async function speak(page: Page, seconds: number): Promise<void> {
  await page.evaluate((secs) => {
    const context = new AudioContext();
    const rate = context.sampleRate;
    const buffer = context.createBuffer(1, Math.round(secs * rate), rate);
    const data = buffer.getChannelData(0);
    for (let i = 0; i < data.length; i++) data[i] = (Math.random() - 0.5) * 0.02;
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    const startTime = context.currentTime + 0.1;
    source.start(startTime);
    const mouth = [];
    for (let f = 0; f * (1000 / 60) <= secs * 1000; f++) {
      const t = f * (1000 / 60);
      mouth.push({ timeMs: t, open: Math.max(0, Math.sin((t / 1000) * Math.PI * 5)) * 0.9, form: Math.sin(t / 700) * 0.5 });
    }
    const el = document.querySelector('[data-testid=avatar-canvas]') as unknown as { companionAvatar: { link: { schedule(s: unknown): void } } };
    el.companionAvatar.link.schedule({ startTime, context, mouth, durationMs: secs * 1000, mouthSource: 'phonemes' });
  }, seconds);
}

function chunkSizes() {
  const lazy = join(dist, 'assets', 'lazy');
  const avatarChunks = readdirSync(lazy)
    .filter((f) => /^(stage|cubism[24]\.es|Avatar)-.*\.js$/.test(f))
    .map((f) => {
      const body = readFileSync(join(lazy, f));
      return { file: `assets/lazy/${f}`, bytes: body.byteLength, gzip: gzipSync(body, { level: 9 }).byteLength };
    });
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const firstPage = [...html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1]!);
  const firstPageHasAvatar = firstPage.some((f) => /ShaderSystem|Live2DModel|live2d/i.test(readFileSync(join(dist, f), 'utf8')));
  return { avatarChunks, firstPage, firstPageHasAvatar };
}

async function main() {
  const chunks = chunkSizes();
  const server = await startBuiltServer();
  const browser = await chromium.launch({
    executablePath: findChromium() ?? undefined,
    args: ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--autoplay-policy=no-user-gesture-required'],
  });
  const rows: Record<string, unknown>[] = [];
  let lipSync: ReturnType<typeof measureLipSync> | undefined;
  try {
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
    // tsx names arrow functions with a `__name` helper that does not exist inside the page.
    await context.addInitScript('globalThis.__name = (f) => f');
    const page = await context.newPage();
    await page.goto(`${server.url}settings`);
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const plain = await frameIntervals(page, SECONDS);
    rows.push({ page: 'settings (no avatar)', frameP50Ms: pct(plain, 50), frameP95Ms: pct(plain, 95), avatarWorkP50Ms: null, avatarWorkP95Ms: null });

    await page.goto(`${server.url}characters`);
    await page.getByTestId('character-tile').first().click();
    await page.locator('[data-testid=avatar][data-state=ready]').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    await readProbe(page);
    const idle = await frameIntervals(page, SECONDS);
    const idleWork = (await readProbe(page)).frameMs;
    rows.push({ page: 'avatar idle', frameP50Ms: pct(idle, 50), frameP95Ms: pct(idle, 95), avatarWorkP50Ms: pct(idleWork, 50), avatarWorkP95Ms: pct(idleWork, 95) });

    await speak(page, SECONDS + 1);
    const dumps: ProbeDump[] = [];
    const speaking = await frameIntervals(page, SECONDS);
    dumps.push(await readProbe(page));
    const work = dumps.flatMap((d) => d.frameMs);
    rows.push({ page: 'avatar speaking', frameP50Ms: pct(speaking, 50), frameP95Ms: pct(speaking, 95), avatarWorkP50Ms: pct(work, 50), avatarWorkP95Ms: pct(work, 95) });
    lipSync = measureLipSync(dumps);
  } finally {
    await browser.close();
    await server.stop();
  }
  console.table(rows);
  console.table(chunks.avatarChunks);
  console.log(
    JSON.stringify({
      bench: 'avatar-frames',
      seconds: SECONDS,
      renderer: 'WebGL on SwiftShader (CPU)',
      rows,
      lipSync,
      avatarChunks: chunks.avatarChunks,
      avatarChunksGzipBytes: chunks.avatarChunks.reduce((s, c) => s + c.gzip, 0),
      firstPageHasAvatar: chunks.firstPageHasAvatar,
    }),
  );
}

await main();
