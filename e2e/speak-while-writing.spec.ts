// Speech starts at the first complete sentence while the model keeps writing (espeak-ng in the TTS worker).
import { TINY_REPLY } from '../models/src/fixtures/index.ts';
import { loadTinyModel, send, startChatWith, useGreedyDecoding, waitForReply } from './app-helpers.ts';
import { expect, test } from './fixtures';

test('the first sentence is spoken before the reply is finished', async ({ page, problems }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await useGreedyDecoding(page);
  // SwiftShader WebGPU decodes about a token a second, so the reply takes far longer than one sentence.
  await loadTinyModel(page, 'onnx-webgpu');
  await startChatWith(page, 'Aria');
  await page.getByLabel(/Speak replies/).check();
  // The voice warms up as soon as speech is turned on, not at the first reply.
  await expect(page.getByTestId('voice-status')).toHaveText('Voice ready', { timeout: 60_000 });

  await send(page, 'Hello');
  await expect(page.getByTestId('spoken-sentence').first()).toContainText('Hello there!', { timeout: 120_000 });
  expect(await waitForReply(page, 2)).toBe(TINY_REPLY);
  await expect(page.getByTestId('spoken-sentence')).toHaveText([
    /^Hello there!/,
    /^I am a tiny test model\./,
    /^I speak in short sentences\./,
    /^Goodbye\./,
  ]);
  // The app's own clocks, both started at Send: the first sentence's audio was ready well before the model
  // finished writing (the first sentence is 3 of about 20 tokens).
  const firstReadyMs = Number(
    (await page.getByTestId('spoken-sentence').first().textContent())?.match(/ready after (\d+) ms/)?.[1],
  );
  const replyTotalMs = Number(await page.getByTestId('reply-total-ms').last().textContent());
  console.log(`first sentence ready after ${firstReadyMs} ms; reply written in ${replyTotalMs} ms`);
  expect(firstReadyMs).toBeGreaterThan(0);
  expect(firstReadyMs).toBeLessThan(replyTotalMs);
  expect(problems.cspViolations).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
});
