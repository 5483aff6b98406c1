// The Live2D avatar in headless Chromium (WebGL on SwiftShader): the default Cubism 2 avatar renders, its mouth follows
// espeak-ng speech on the audio clock, Stop returns it to rest; the Cubism 3 path with Haru where a Core is at hand.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { go, loadTinyModel, send, startChatWith, useGreedyDecoding, waitForReply } from './app-helpers.ts';
import { expect, test } from './fixtures';
import { measureLipSync, readProbe, type ProbeDump } from './avatar-lip-sync.ts';


/** Counts the canvas pixels that differ from its corner (the background) in a screenshot of the element. */
async function paintedShare(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const [r0, g0, b0] = [d[0]!, d[1]!, d[2]!];
    let painted = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - r0) + Math.abs(d[i + 1]! - g0) + Math.abs(d[i + 2]! - b0) > 24) painted++;
    return painted / (d.length / 4);
  }, png.toString('base64'));
}

async function openCharacter(page: Page, name: string) {
  await go(page, 'Characters');
  await page.getByTestId('character-tile').filter({ hasText: name }).first().click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('the default avatar renders on the character page, with its licence note', async ({ page, problems }, testInfo) => {
  await page.goto('/');
  await openCharacter(page, 'Aria');
  const avatar = page.getByTestId('avatar');
  await expect(avatar).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  const canvas = page.getByTestId('avatar-canvas');
  // Let a few frames draw (textures upload asynchronously).
  await page.waitForTimeout(1000);
  const png = await canvas.screenshot({ path: testInfo.outputPath('default-avatar.png') });
  const share = await paintedShare(page, png);
  console.log(`default avatar: ${(share * 100).toFixed(1)}% of the canvas painted`);
  expect(share).toBeGreaterThan(0.05);
  // The model moves by itself (idle motion, blinking): two shots a while apart differ.
  await page.waitForTimeout(1500);
  const later = await canvas.screenshot();
  expect(later.equals(png)).toBe(false);
  await avatar.getByText('About this avatar').click();
  await expect(avatar.getByText(/Free Material License/)).toBeVisible();
  const ids = await canvas.evaluate((el) => (el as unknown as { companionAvatar: { parameters: { id(r: string): string | undefined } } }).companionAvatar.parameters.id('mouthOpen'));
  expect(ids).toBe('PARAM_MOUTH_OPEN_Y');
  expect(problems.cspViolations).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});

test('without WebGL the portrait is shown with the reason', async ({ page, problems }) => {
  // As on a browser with WebGL turned off: every WebGL context request fails.
  await page.addInitScript(() => {
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
      return /webgl/.test(type) ? null : (original as (...a: unknown[]) => unknown).call(this, type, ...rest);
    } as typeof original;
  });
  await page.goto('/');
  await openCharacter(page, 'Aria');
  await expect(page.getByTestId('avatar')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('avatar-fallback-reason')).toHaveText(/WebGL is off or unavailable/);
  await expect(page.getByTestId('avatar-canvas')).toHaveCount(0);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});

test('the mouth follows espeak-ng speech on the audio clock, and Stop returns it to rest', async ({ page, problems }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await useGreedyDecoding(page);
  await loadTinyModel(page, 'onnx-wasm');
  await startChatWith(page, 'Aria');
  await expect(page.getByTestId('avatar')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  // The checkbox follows the stored setting, which lands a moment after the click.
  await page.getByLabel(/Speak replies/).click();
  await expect(page.getByLabel(/Speak replies/)).toBeChecked();
  await expect(page.getByTestId('voice-status')).toHaveText('Voice ready', { timeout: 60_000 });
  await readProbe(page); // clears what was recorded before the reply

  await send(page, 'Hello');
  await expect(page.getByTestId('lip-sync-source')).toHaveText('lip-sync: phonemes', { timeout: 120_000 });
  await waitForReply(page, 2);
  // Record through the spoken reply, then measure against the tracks the player scheduled.
  const dumps: ProbeDump[] = [];
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(500);
    dumps.push(await readProbe(page));
  }
  const result = measureLipSync(dumps);
  console.log(`lip-sync: ${JSON.stringify(result)}`);
  expect(result.transitions).toBeGreaterThan(5);
  // Every frame showed exactly the scheduled mouth at its audio time (no drift, no motion overwriting it) ...
  expect(result.maxValueError).toBeLessThan(1e-3);
  // ... so each open/closed transition appeared on the first frame after it was due: the error is at most one
  // rendered frame (about 42 ms on SwiftShader's ~24 fps here; 16.7 ms on a 60 fps display).
  expect(result.withinOneFrame).toBe(result.transitions);
  expect(result.p50ErrorMs).toBeLessThanOrEqual(1000 / 60);

  // Speak again and stop in the middle (the reply is written long before it is spoken, so Stop speaking is the
  // button then): the very next frames show the mouth at rest.
  await send(page, 'Again');
  await waitForReply(page, 3);
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=avatar-canvas]') as unknown as { companionAvatar: { probe: { lastWanted(): number } } };
    return el.companionAvatar.probe.lastWanted() > 0.3;
  }, undefined, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Stop speaking' }).click();
  const stopped = await page.evaluate(async () => {
    const el = document.querySelector('[data-testid=avatar-canvas]') as unknown as { companionAvatar: { probe: { lastParameter(): number | null } } };
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return el.companionAvatar.probe.lastParameter();
  });
  expect(stopped).toBe(0);
  expect(problems.cspViolations).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});

// The Cubism 3 path: Live2D's sample Haru (test data outside the project) and, for tests only, the Cubism Core 5.0
// embedded in npm's oh-my-live2d@0.19.3 (the code from `var lh;` to the line that sets window.Live2DCubismCore).
const HARU = resolve('../shared/assets/live2d/Haru');
function testCore(): string | null {
  try {
    // The package's exports map only answers `import`, so the file is read from where npm put it.
    const bundle = readFileSync(resolve('node_modules/oh-my-live2d/dist/index.js'), 'utf8');
    const from = bundle.indexOf('var lh;');
    const marker = 'window.Live2DCubismCore = lh;';
    const to = bundle.indexOf(marker);
    return from >= 0 && to > from ? bundle.slice(from, to + marker.length) : null;
  } catch {
    return null;
  }
}

test('a Cubism 3 model (Haru) renders, its parameters are discovered and its mouth follows the audio clock', async ({ page, problems }, testInfo) => {
  const core = testCore();
  const missing = [!existsSync(join(HARU, 'Haru.model3.json')) && HARU, !core && 'oh-my-live2d@0.19.3 (test Cubism Core)'].filter(Boolean);
  if (missing.length > 0) console.log(`skipping the Cubism 3 avatar test: missing ${missing.join(', ')}`);
  test.skip(missing.length > 0, 'Haru or the test Cubism Core is absent');
  // Haru is served at a same-origin path, as a user's model would be from the app's own storage.
  await page.route('**/e2e-live2d/Haru/**', (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname.replace('/e2e-live2d/Haru/', ''));
    const file = join(HARU, rel);
    if (!file.startsWith(HARU) || !existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ body: readFileSync(file), contentType: file.endsWith('.png') ? 'image/png' : 'application/octet-stream' });
  });
  await page.addInitScript(`${core}\nwindow.__companionAvatarModel = { kind: 'cubism4', source: '/e2e-live2d/Haru/Haru.model3.json' };`);
  await page.goto('/');
  await openCharacter(page, 'Aria');
  await expect(page.getByTestId('avatar')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await page.waitForTimeout(1000);
  const png = await page.getByTestId('avatar-canvas').screenshot({ path: testInfo.outputPath('haru.png') });
  expect(await paintedShare(page, png)).toBeGreaterThan(0.05);
  const found = await page.getByTestId('avatar-canvas').evaluate((el) => {
    const m = (el as unknown as { companionAvatar: { parameters: { id(r: string): string | undefined; parameters: { id: string; name?: string }[]; mouthDrive: string } } }).companionAvatar.parameters;
    return { open: m.id('mouthOpen'), form: m.id('mouthForm'), count: m.parameters.length, openName: m.parameters.find((p) => p.id === 'ParamMouthOpenY')?.name, drive: m.mouthDrive };
  });
  console.log(`Haru: ${JSON.stringify(found)}`);
  expect(found).toMatchObject({ open: 'ParamMouthOpenY', form: 'ParamMouthForm', drive: 'open-form' });
  expect(found.openName).toBe('口\u3000開閉'); // from Haru.cdi3.json (an ideographic space)
  expect(found.count).toBeGreaterThan(30);

  // A track on a playing AudioContext, as the speech player schedules it: the mouth parameter follows it exactly.
  await readProbe(page);
  await page.evaluate(() => {
    const context = new AudioContext();
    const startTime = context.currentTime + 0.1;
    const mouth = Array.from({ length: 121 }, (_, f) => ({ timeMs: (f * 1000) / 60, open: f % 30 < 15 ? 0.9 : 0, form: 0 }));
    const el = document.querySelector('[data-testid=avatar-canvas]') as unknown as { companionAvatar: { link: { schedule(s: unknown): void } } };
    el.companionAvatar.link.schedule({ startTime, context, mouth, durationMs: 2000, mouthSource: 'phonemes' });
  });
  await page.waitForTimeout(2500);
  const result = measureLipSync([await readProbe(page)]);
  console.log(`Haru lip-sync: ${JSON.stringify(result)}`);
  expect(result.transitions).toBeGreaterThan(2);
  expect(result.maxValueError).toBeLessThan(1e-3);
  expect(problems.cspViolations).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
