// The companion app as a user meets it, with the rigged test-tiny-llm: import a card made by another tool, chat,
// keep everything across a reload, swipes, edits, the prompt inspector's lore, lossless export, and working with
// the server gone (offline) once the app and the model were loaded.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { readCard, writeZip } from '../core/src/cards/index.ts';
import { b64json, pngWith, tEXt } from '../core/src/cards/test-helpers.ts';
import { TINY_REPLY } from '../models/src/fixtures/index.ts';
import { expect, test } from './fixtures';
import { go, lastReply, loadTinyModel, send, useGreedyDecoding, waitForReply } from './app-helpers.ts';

const NAME = 'Ember Keeper';

/** A V2 PNG card as SillyTavern writes them: extensions of other tools, a lorebook with ST's extras, greetings. */
function cardPng(): Buffer {
  const card = {
    spec: 'chara_card_v2',
    spec_version: '2.0',
    data: {
      name: NAME,
      description: '{{char}} tends the lighthouse and talks to {{user}} about the sea.',
      personality: 'calm, curious',
      scenario: 'A stormy night at the lighthouse.',
      first_mes: 'Welcome in from the rain, {{user}}.',
      mes_example: '<START>\n{{user}}: Hello\n{{char}}: Hello, traveller.',
      creator_notes: 'Made for the e2e test.',
      system_prompt: '',
      post_history_instructions: '',
      alternate_greetings: ['The lamp flickers as {{user}} climbs the stairs.'],
      tags: ['sea', 'lighthouse'],
      creator: 'someone else',
      character_version: '1.2',
      extensions: {
        talkativeness: '0.5',
        fav: false,
        depth_prompt: { prompt: 'Keep it short.', depth: 4, role: 'system' },
      },
      character_book: {
        name: 'Lighthouse lore',
        extensions: {},
        entries: [
          {
            keys: ['dragon'],
            content: 'A small dragon named Ash sleeps under the lamp.',
            extensions: {
              position: 0,
              probability: 100,
              useProbability: true,
              selectiveLogic: 0,
              match_whole_words: null,
            },
            enabled: true,
            insertion_order: 100,
            name: 'Ember lore',
            id: 0,
            comment: 'Ember lore',
          },
        ],
      },
    },
  };
  return Buffer.from(pngWith([tEXt('chara', b64json(card))]));
}

async function importCard(page: Page, name: string, buffer: Buffer) {
  await go(page, 'Characters');
  await page.getByLabel('Import character').setInputFiles({ name, mimeType: 'image/png', buffer });
}

async function controlledByServiceWorker(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

test('import a card, chat, reload, swipe, edit, inspect the lore, export losslessly, and work offline', async ({
  page,
  context,
  problems,
}) => {
  test.setTimeout(480_000);
  const original = cardPng();
  await page.goto('/');
  await importCard(page, 'ember.png', original);
  // One card imported: its page opens.
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  await expect(page.getByText('Made for the e2e test.')).toBeVisible();

  await useGreedyDecoding(page);
  await loadTinyModel(page, 'onnx-wasm');

  // A chat with the alternate greeting chosen.
  await go(page, 'Characters');
  await page.getByTestId('character-tile').filter({ hasText: NAME }).click();
  await page.getByLabel('Greeting').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Start a new chat' }).click();
  await expect(lastReply(page)).toHaveText('The lamp flickers as User climbs the stairs.');

  await send(page, 'Tell me about the dragon.');
  expect(await waitForReply(page, 2)).toBe(TINY_REPLY);
  await expect(page.getByTestId('message-user')).toHaveCount(1);

  // The inspector shows the entry that fired and why.
  await page.getByRole('button', { name: 'Prompt' }).click();
  await expect(page.getByTestId('lore-fired')).toContainText('Ember lore');
  await expect(page.getByTestId('lore-fired')).toContainText('key “dragon”');
  await expect(page.getByTestId('prompt-inspector')).toContainText('A small dragon named Ash sleeps under the lamp.');
  await page.getByRole('button', { name: 'Close the prompt inspector' }).click();

  // Reload: the chat is still there, and the model loads again by itself.
  const chatUrl = page.url();
  await page.reload();
  await expect(page).toHaveURL(chatUrl);
  await expect(lastReply(page)).toHaveText(TINY_REPLY);
  await expect(page.getByTestId('message-user').getByTestId('message-text')).toHaveText('Tell me about the dragon.');
  await expect(page.getByTestId('model-state')).toContainText('test-tiny-llm', { timeout: 120_000 });

  // Regenerate makes a second swipe; swiping back shows the first.
  await page.getByRole('button', { name: 'Regenerate' }).click();
  await expect(page.getByTestId('swipe-position')).toHaveText('2/2', { timeout: 150_000 });
  await expect(page.getByTestId('message-draft')).toHaveCount(0, { timeout: 150_000 });
  await page.getByRole('button', { name: 'Previous swipe' }).click();
  await expect(page.getByTestId('swipe-position')).toHaveText('1/2');
  await expect(lastReply(page)).toHaveText(TINY_REPLY);

  // Edit the user's message (kept without resending).
  await page.getByRole('button', { name: "Edit User's message" }).click();
  await page.getByLabel('Edit message').fill('Tell me about the dragon, please.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('message-user').getByTestId('message-text')).toHaveText(
    'Tell me about the dragon, please.',
  );
  await page.reload();
  await expect(page.getByTestId('message-user').getByTestId('message-text')).toHaveText(
    'Tell me about the dragon, please.',
  );
  await expect(page.getByTestId('swipe-position')).toHaveText('1/2');

  // Export as PNG: the card comes back with every field, extension and lore entry; importing it adds a second card.
  await page.getByTestId('chat-character-link').click();
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  const exported = readFileSync((await download.path()) ?? '');
  const before = readCard(new Uint8Array(original)).card.data;
  const after = readCard(new Uint8Array(exported)).card.data;
  const { modification_date: _m1, creation_date: _c1, ...beforeRest } = before;
  const { modification_date: _m2, creation_date: _c2, ...afterRest } = after;
  expect(afterRest).toEqual(beforeRest);
  await importCard(page, download.suggestedFilename(), exported);
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  await go(page, 'Characters');
  await expect(page.getByTestId('character-tile').filter({ hasText: NAME })).toHaveCount(2);

  expect(problems.consoleErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
  expect(problems.pageErrors).toEqual([]);

  // The server goes away: the app, the characters, the chats and the local model are all still there.
  await controlledByServiceWorker(page);
  await context.setOffline(true);
  try {
    await page.goto(chatUrl);
    await expect(page.getByTestId('server-status')).toHaveText('Working offline');
    await expect(page.getByTestId('message-user').getByTestId('message-text')).toHaveText(
      'Tell me about the dragon, please.',
    );
    await expect(page.getByTestId('model-state')).toContainText('test-tiny-llm', { timeout: 120_000 });
    await send(page, 'Are you still there?');
    expect(await waitForReply(page, 3)).toBe(TINY_REPLY);
    await go(page, 'Characters');
    await expect(page.getByTestId('character-tile').filter({ hasText: NAME })).toHaveCount(2);
  } finally {
    await context.setOffline(false);
  }
  expect(problems.cspViolations).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
});

test('a large CHARX is read in a worker and imported with its assets; a broken file says what is wrong', async ({
  page,
  problems,
}) => {
  const card = {
    spec: 'chara_card_v3',
    spec_version: '3.0',
    data: {
      name: 'Big Archive',
      description: 'A card with a large asset.',
      first_mes: 'Hi.',
      extensions: {},
      group_only_greetings: [],
      assets: [{ type: 'x_music', uri: 'embeded://assets/other/audio/theme.bin', name: 'theme', ext: 'bin' }],
    },
  };
  // 700 kB of incompressible bytes: over the worker threshold even after zipping.
  const asset = new Uint8Array(randomBytes(700_000));
  const charx = Buffer.from(
    writeZip([
      { path: 'card.json', bytes: new TextEncoder().encode(JSON.stringify(card)) },
      { path: 'assets/other/audio/theme.bin', bytes: asset },
    ]),
  );
  const workers: string[] = [];
  // The worker's script is fetched only when a large file is imported.
  page.on('request', (r) => r.url().includes('cards.worker') && workers.push(r.url()));
  await page.goto('/characters');
  await page
    .getByLabel('Import character')
    .setInputFiles({ name: 'big.charx', mimeType: 'application/zip', buffer: charx });
  await expect(page.getByRole('heading', { level: 1, name: 'Big Archive' })).toBeVisible();
  expect(workers).toHaveLength(1);

  // The exported CHARX gives the asset back byte for byte.
  await page.getByLabel('Export as').selectOption('charx');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  const files = readCard(new Uint8Array(readFileSync((await download.path()) ?? ''))).card.files;
  expect(files.find((f) => f.path === 'assets/other/audio/theme.bin')?.bytes).toEqual(asset);

  await go(page, 'Characters');
  await page
    .getByLabel('Import character')
    .setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"name": "x",') });
  await expect(page.getByTestId('import-results')).toContainText('notes.json');
  await expect(page.getByTestId('import-results')).toContainText('Nothing was imported');
  expect(problems.pageErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
});
