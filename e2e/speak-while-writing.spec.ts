// Speech starts at the first complete sentence while the model keeps writing (espeak-ng in the TTS worker).
import { TINY_REPLY } from '../models/src/fixtures/index.ts';
import { TINY_MODEL_ID } from './paths.ts';
import { expect, test } from './fixtures';

test('the first sentence is spoken before the reply is finished', async ({ page, problems }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  // SwiftShader WebGPU decodes about a token a second, so the reply takes far longer than one sentence.
  await page.getByLabel('Engine').selectOption('onnx-webgpu');
  await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption('custom');
  await page.getByLabel('Model id').fill(TINY_MODEL_ID);
  await page.getByLabel('Precision').selectOption('fp32');
  await page.getByRole('button', { name: 'Load model' }).click();
  await expect(page.getByTestId('load-progress')).toHaveText(`${TINY_MODEL_ID} is ready`, { timeout: 90_000 });
  await page.getByLabel(/Speak replies/).check();

  await page.getByLabel('Message').fill('Hello');
  await page.getByRole('button', { name: 'Send' }).click();
  const first = page.getByTestId('spoken-sentence').first();
  await expect(first).toContainText('Hello there!', { timeout: 120_000 });
  // At that moment the model is still writing: the draft is on screen and no final reply exists yet.
  await expect(page.getByTestId('message-draft')).toBeVisible();
  expect(await page.getByTestId('message-assistant').count()).toBe(0);

  await expect(page.getByTestId('message-assistant')).toHaveText(TINY_REPLY, { timeout: 150_000 });
  await expect(page.getByTestId('spoken-sentence')).toHaveText([
    /^Hello there!/,
    /^I am a tiny test model\./,
    /^I speak in short sentences\./,
    /^Goodbye\./,
  ]);
  expect(problems.cspViolations).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
});
