// Chat in the browser with the rigged test-tiny-llm through the real worker, transformers.js and onnxruntime-web,
// loaded from the server's model store: the exact reply on WASM and on WebGPU (SwiftShader), and Stop.
import { TINY_REPLY } from '../models/src/fixtures/index.ts';
import { TINY_MODEL_ID } from './paths.ts';
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';

async function loadTinyModel(page: Page, engine: 'onnx-wasm' | 'onnx-webgpu') {
  await page.goto('/');
  await page.getByLabel('Engine').selectOption(engine);
  await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption('custom');
  await page.getByLabel('Model id').fill(TINY_MODEL_ID);
  await page.getByLabel('Precision').selectOption('fp32');
  await page.getByLabel('Download from').selectOption('server');
  await page.getByRole('button', { name: 'Load model' }).click();
  await expect(page.getByTestId('load-progress')).toHaveText(`${TINY_MODEL_ID} is ready`, { timeout: 90_000 });
}

async function send(page: Page, text: string) {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

for (const engine of ['onnx-wasm', 'onnx-webgpu'] as const) {
  test(`greedy reply of test-tiny-llm is exact on ${engine}`, async ({ page, problems }) => {
    test.setTimeout(180_000);
    await loadTinyModel(page, engine);
    await send(page, 'Hi! Who are you?');
    await expect(page.getByTestId('message-assistant')).toHaveText(TINY_REPLY, { timeout: 150_000 });
    await expect(page.getByTestId('timings')).toContainText('First token after');
    // A second turn carries the history through the chat template and still decodes correctly.
    await send(page, 'Say it again.');
    await expect(page.getByTestId('message-assistant')).toHaveCount(2, { timeout: 150_000 });
    await expect(page.getByTestId('message-assistant').nth(1)).toHaveText(TINY_REPLY);
    expect(problems.cspViolations).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });
}

test('Stop ends the reply early and keeps what was written', async ({ page }) => {
  test.setTimeout(180_000);
  // SwiftShader decodes about one token a second, slow enough to press Stop mid-reply.
  await loadTinyModel(page, 'onnx-webgpu');
  await send(page, 'Hello');
  await expect(page.getByTestId('message-draft')).toHaveText(/\w/, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  const reply = page.getByTestId('message-assistant');
  await expect(reply).toHaveCount(1, { timeout: 30_000 });
  const text = (await reply.textContent()) ?? '';
  expect(text.length).toBeGreaterThan(0);
  expect(text.length).toBeLessThan(TINY_REPLY.length);
  expect(TINY_REPLY.startsWith(text)).toBe(true);
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
});
