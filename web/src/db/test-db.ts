// Test helpers: a fresh database per test and a readable view of its outbox.
import { AppDatabase } from './app-db';
import { pendingChanges } from './outbox';

export function freshDb(prefix = 'db-test'): AppDatabase {
  return new AppDatabase(`${prefix}-${crypto.randomUUID()}`);
}

/** The outbox as `op table key` lines, in order; clears it so the next check sees only new rows. */
export async function takeOutbox(db: AppDatabase): Promise<string[]> {
  const rows = await pendingChanges(db);
  await db.outbox.clear();
  return rows.map((r) => `${r.op} ${r.table} ${r.key}`);
}

/** A clock that ticks by one millisecond per reading, so orderings in tests are certain. */
export function tick(start = 1_000): () => number {
  let t = start;
  return () => t++;
}
