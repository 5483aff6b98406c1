// Chat in the browser with the rigged test-tiny-llm through the real worker, transformers.js and onnxruntime-web,
// loaded from the server's model store: the exact reply on WASM and on WebGPU (SwiftShader), and Stop.
import { TINY_REPLY } from '../models/src/fixtures/index.ts';
import { expect, test } from './fixtures';
import { lastReply, loadTinyModel, send, startChatWith, useGreedyDecoding, waitForReply } from './app-helpers.ts';

/** The starter character every fresh install has. */
const STARTER = 'Aria';

for (const engine of ['onnx-wasm', 'onnx-webgpu'] as const) {
  test(`greedy reply of test-tiny-llm is exact on ${engine}`, async ({ page, problems }) => {
    test.setTimeout(240_000);
    await page.goto('/');
    await useGreedyDecoding(page);
    await loadTinyModel(page, engine);
    await startChatWith(page, STARTER);
    await send(page, 'Hi! Who are you?');
    expect(await waitForReply(page, 2)).toBe(TINY_REPLY);
    await expect(page.getByTestId('timings').last()).toContainText('first token');
    // A second turn carries the history through the chat template and still decodes correctly.
    await send(page, 'Say it again.');
    expect(await waitForReply(page, 3)).toBe(TINY_REPLY);
    expect(problems.cspViolations).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });
}

test('Stop ends the reply early and keeps what was written', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await useGreedyDecoding(page);
  // SwiftShader decodes about one token a second, slow enough to press Stop mid-reply.
  await loadTinyModel(page, 'onnx-webgpu');
  await startChatWith(page, STARTER);
  await send(page, 'Hello');
  await expect(page.getByTestId('message-draft')).toHaveText(/\w\w/, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  const text = await waitForReply(page, 2, 30_000);
  expect(text.length).toBeGreaterThan(0);
  expect(text.length).toBeLessThan(TINY_REPLY.length);
  expect(TINY_REPLY.startsWith(text)).toBe(true);
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await expect(lastReply(page)).toHaveText(text);
});
