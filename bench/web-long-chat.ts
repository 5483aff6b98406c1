// Opening a 5,000-message chat in the built app (headless Chromium): time from navigation to the last messages
// painted, and the IndexedDB (Dexie) query time of the page of messages the virtualised list reads, beside a
// 20-message chat in the same run.
// Run: npm run build && npx tsx bench/web-long-chat.ts   (prints a table, then one JSON line)
import { chromium, type Page } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';
import { startBuiltServer } from './lib/built-server.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = [20, 5000];

/** Writes a chat of `count` messages for the starter character straight into the app's database, as the app stores them. */
async function seedChat(page: Page, count: number): Promise<string> {
  // tsx keeps function names with a __name helper that the page does not have.
  await page.evaluate('globalThis.__name = (f) => f');
  return page.evaluate(async (count) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('companion');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = <T>(store: IDBObjectStore) =>
      new Promise<T[]>((resolve) => (store.getAll().onsuccess = (e) => resolve((e.target as IDBRequest<T[]>).result)));
    const character = (await all<{ id: string }>(db.transaction('characters').objectStore('characters')))[0];
    if (!character) throw new Error('no starter character');
    const chatId = crypto.randomUUID();
    const now = Date.now();
    const tx = db.transaction(['chats', 'messages'], 'readwrite');
    const words = 'the lighthouse keeper told a long story about the sea and the ships that passed by at night'.split(
      ' ',
    );
    for (let seq = 1; seq <= count; seq++) {
      const text = `Message ${seq}: ${Array.from({ length: 20 + (seq % 40) }, (_, i) => words[(seq + i) % words.length]).join(' ')}.`;
      tx.objectStore('messages').put({
        id: `${chatId}-${seq}`,
        chatId,
        seq,
        role: seq % 2 ? 'user' : 'assistant',
        swipes: [{ text, createdAt: now }],
        swipeIndex: 0,
        edits: [],
        createdAt: now,
        updatedAt: now,
      });
    }
    tx.objectStore('chats').put({
      id: chatId,
      characterId: character.id,
      title: `${count} messages`,
      createdAt: now,
      updatedAt: now,
      lorebookIds: [],
      sampling: {},
      personaId: null,
      preview: '',
      messageCount: count,
    });
    await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onerror = () => reject(tx.error))));
    db.close();
    return chatId;
  }, count);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function main() {
  const server = await startBuiltServer();
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  const rows: Array<{ messages: number; paintMsP50: number; paintMsMax: number; queryMsP50: number }> = [];
  try {
    browser = await chromium.launch({
      executablePath: findChromium() ?? undefined,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByTestId('character-tile').first().waitFor();
    for (const count of SIZES) {
      const chatId = await seedChat(page, count);
      const paint: number[] = [];
      const query: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        await page.goto(`${server.url}characters`);
        await page.getByTestId('character-tile').first().waitFor();
        const started = await page.evaluate(() => performance.now());
        // A client-side navigation, as from the side bar: the app is already running.
        await page.evaluate((href) => {
          history.pushState(null, '', href);
          dispatchEvent(new PopStateEvent('popstate'));
        }, `/chat/${chatId}`);
        await page.getByText(`Message ${count}:`, { exact: false }).waitFor();
        const painted = await page.evaluate(
          () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))),
        );
        paint.push(painted - started);
        // The app measures each page read of the list (performance.measure 'chat:messages-page').
        const measures = await page.evaluate(() =>
          performance.getEntriesByName('chat:messages-page').map((e) => e.duration),
        );
        query.push(median(measures));
        await page.evaluate(() => performance.clearMeasures('chat:messages-page'));
      }
      rows.push({
        messages: count,
        paintMsP50: Math.round(median(paint)),
        paintMsMax: Math.round(Math.max(...paint)),
        queryMsP50: Number(median(query).toFixed(2)),
      });
    }
  } finally {
    await browser?.close();
    await server.stop();
  }
  console.table(rows);
  const long = rows.find((r) => r.messages === 5000);
  const short = rows.find((r) => r.messages === 20);
  console.log(
    JSON.stringify({
      bench: 'web-long-chat',
      runs: RUNS,
      rows,
      longOverShortPaint: long && short ? Number((long.paintMsP50 / short.paintMsP50).toFixed(2)) : null,
    }),
  );
}

await main();
