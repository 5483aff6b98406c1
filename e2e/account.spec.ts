// Signing in to the user's own server from the app, staying signed in across a reload, and chatting through
// "My server" (the remote engine in the LLM worker, authorised with the page's refreshed token).
import { TINY_REPLY } from '../models/src/fixtures/index.ts';
import { expect, test } from './fixtures';
import { go, send, startChatWith, useGreedyDecoding, waitForReply } from './app-helpers.ts';

test("create an account, stay signed in across a reload, chat with the server's own model and hear its voice as that user, sign out", async ({
  page,
  problems,
}) => {
  test.setTimeout(180_000);
  const username = `e2e_${Date.now().toString(36)}`;
  await page.goto('/settings');
  const account = page.getByRole('region', { name: 'Account' });
  await account.getByLabel('User name').fill(username);
  await account.getByLabel('Password').fill('a long enough password');
  await account.getByRole('button', { name: 'Create account' }).click();
  await expect(account.getByRole('status')).toHaveText(`Signed in to this server as ${username}.`);

  // A new page load restores the session from IndexedDB (the refresh token), not from memory.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Account' }).getByRole('status')).toContainText(username);

  await useGreedyDecoding(page);
  await go(page, 'Models');
  await page.getByLabel('Engine').selectOption('remote');
  // The picker lists what this server has (GET /api/models as this user), not the browser's catalog: the bundled
  // models are not downloaded there, test-tiny-llm is (installed with a local catalog entry).
  const model = page.getByRole('combobox', { name: 'Model', exact: true });
  await expect(model.getByRole('option', { name: /not downloaded on the server/ }).first()).toBeAttached();
  await expect(model).toHaveValue('server:test-tiny-llm');
  await page.getByRole('button', { name: 'Load model' }).click();
  await expect(page.getByTestId('load-progress')).toHaveText('test-tiny-llm is ready', { timeout: 30_000 });
  // The reply comes from the server's engine through the remote engine in the LLM worker, as this user.
  await startChatWith(page, 'Aria');
  await send(page, 'Hi! Who are you?');
  expect(await waitForReply(page, 2, 60_000)).toBe(TINY_REPLY);

  // Replies spoken by the server's voice (POST /api/tts/generate as this user), played here sentence by sentence.
  const synthesised: string[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('/api/tts/generate') && r.status() === 200) synthesised.push(r.url());
  });
  await page.getByLabel(/Speak replies/).check();
  await page.getByRole('combobox', { name: 'Voice', exact: true }).selectOption('server:gmw/en-US');
  await expect(page.getByTestId('voice-status')).toHaveText('Voice ready');
  await send(page, 'Say it again.');
  await expect(page.getByTestId('spoken-sentence')).toHaveText(
    [/^Hello there!/, /^I am a tiny test model\./, /^I speak in short sentences\./, /^Goodbye\./],
    { timeout: 60_000 },
  );
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(synthesised).toHaveLength(4);

  await go(page, 'Settings');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Account' }).getByLabel('User name')).toBeVisible();
  expect(problems.cspViolations).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
});
