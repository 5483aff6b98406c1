// Steps the specs share, written the way a user moves through the app: the side bar's links (so a loaded model
// stays loaded), the model screen, a character's page, the chat's composer.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { TINY_MODEL_ID } from './paths.ts';

export type BrowserEngine = 'onnx-wasm' | 'onnx-webgpu';

/** Follows a side-bar link (on phones the menu opens first), keeping the page and its loaded model. */
export async function go(page: Page, name: 'Characters' | 'Models' | 'Voices' | 'Settings') {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Loads the rigged test-tiny-llm from the server's store on the model screen. */
export async function loadTinyModel(page: Page, engine: BrowserEngine) {
  await go(page, 'Models');
  await page.getByLabel('Engine').selectOption(engine);
  await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption('custom');
  await page.getByLabel('Model id').fill(TINY_MODEL_ID);
  await page.getByLabel('Precision').selectOption('fp32');
  await page.getByLabel('Download from').selectOption('server');
  await page.getByRole('button', { name: 'Load model' }).click();
  await expect(page.getByTestId('load-progress')).toHaveText(`${TINY_MODEL_ID} is ready`, { timeout: 120_000 });
}

/** The rigged model gives its known reply only when decoding greedily: temperature 0 (and no repetition penalty) in the chat defaults. */
export async function useGreedyDecoding(page: Page) {
  await go(page, 'Settings');
  const temperature = page.getByRole('spinbutton', { name: 'Temperature' });
  await temperature.fill('0');
  await temperature.blur();
  await expect(temperature).toHaveValue('0');
  // The rigged weights decode the known reply without a repetition penalty (1 is off).
  const penalty = page.getByRole('spinbutton', { name: 'Repetition penalty' });
  await penalty.fill('1');
  await penalty.blur();
  await expect(penalty).toHaveValue('1');
}

/** Opens a character from the library and starts a new chat with it; resolves on the chat screen. */
export async function startChatWith(page: Page, characterName: string) {
  await go(page, 'Characters');
  await page.getByTestId('character-tile').filter({ hasText: characterName }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: characterName })).toBeVisible();
  await page.getByRole('button', { name: 'Start a new chat' }).click();
  await expect(page).toHaveURL(/\/chat\//);
  await expect(page.getByTestId('message-assistant').first()).toBeVisible();
}

export async function send(page: Page, text: string) {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

/** The shown text of every reply (greeting included), without the message's buttons and timings. */
export const replies = (page: Page) => page.getByTestId('message-assistant').getByTestId('message-text');
export const lastReply = (page: Page) => replies(page).last();

/** Waits for the reply that follows `count` assistant messages and returns its text. */
export async function waitForReply(page: Page, count: number, timeout = 150_000) {
  await expect(page.getByTestId('message-assistant')).toHaveCount(count, { timeout });
  await expect(page.getByTestId('message-draft')).toHaveCount(0, { timeout });
  return (await lastReply(page).textContent()) ?? '';
}
