// The Live2D avatar in headless Chromium (WebGL on SwiftShader): the default Cubism 2 avatar renders, its mouth follows
// espeak-ng speech on the audio clock, Stop returns it to rest; the Cubism 3 path with Haru where a Core is at hand.
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

  // Speak again and stop in the middle: the very next frames show the mouth at rest.
  await send(page, 'Again');
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=avatar-canvas]') as unknown as { companionAvatar: { probe: { lastWanted(): number } } };
    return el.companionAvatar.probe.lastWanted() > 0.3;
  }, undefined, { timeout: 120_000 });
  await page.getByRole('button', { name: /^Stop( speaking)?$/ }).first().click();
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
