// The one write path: a change and its outbox rows (what sync will push) commit in the same transaction, or neither.
import type { IndexableType, Table } from 'dexie';
import type { AppDatabase } from './app-db';
import type { OutboxRecord } from './records';
import { mapStorageError } from './storage-errors';

/** What a repository writes with inside `mutate`: each put/delete also records an outbox row. */
export interface Writer {
  /** Milliseconds since the epoch for this transaction (one clock reading, so every row agrees). */
  readonly at: number;
  put<T, K extends IndexableType, I>(table: Table<T, K, I>, record: I): Promise<void>;
  bulkPut<T, K extends IndexableType, I>(table: Table<T, K, I>, records: readonly I[]): Promise<void>;
  delete<T, K extends IndexableType, I>(table: Table<T, K, I>, key: K): Promise<void>;
  bulkDelete<T, K extends IndexableType, I>(table: Table<T, K, I>, keys: readonly K[]): Promise<void>;
}

export interface MutateOptions {
  now?: () => number;
}

function outboxRow(table: string, key: IndexableType, op: OutboxRecord['op'], at: number): OutboxRecord {
  return { id: crypto.randomUUID(), table, key: String(key), op, at };
}

/**
 * Runs `fn` in one read-write transaction over `tables` plus the outbox. Reads inside `fn` may use the tables
 * directly (Dexie joins them to the transaction); writes must go through the writer so sync sees every one.
 * Anything thrown inside rolls back both the change and its outbox rows. A full disk becomes STORAGE_FULL.
 */
export async function mutate<R>(
  db: AppDatabase,
  tables: readonly Table[],
  fn: (w: Writer) => Promise<R>,
  opts: MutateOptions = {},
): Promise<R> {
  const at = (opts.now ?? Date.now)();
  // Dexie promise chains, not async functions: a native promise that settles without an IndexedDB request in
  // flight (an empty bulk write) lets the transaction commit under us (PrematureCommitError).
  const writer: Writer = {
    at,
    put: (table, record) => table.put(record).then((key) => db.outbox.add(outboxRow(table.name, key, 'put', at))).then(() => undefined),
    bulkPut: (table, records) =>
      table
        .bulkPut([...records], { allKeys: true })
        .then((keys) => (keys.length === 0 ? undefined : db.outbox.bulkAdd(keys.map((k) => outboxRow(table.name, k, 'put', at)))))
        .then(() => undefined),
    delete: (table, key) => table.delete(key).then(() => db.outbox.add(outboxRow(table.name, key, 'delete', at))).then(() => undefined),
    bulkDelete: (table, keys) =>
      table
        .bulkDelete([...keys])
        .then(() => (keys.length === 0 ? undefined : db.outbox.bulkAdd(keys.map((k) => outboxRow(table.name, k, 'delete', at)))))
        .then(() => undefined),
  };
  try {
    return await db.transaction('rw', [...tables, db.outbox], () => fn(writer));
  } catch (e) {
    throw mapStorageError(e);
  }
}

/** Outbox rows in the order the changes were made (sync reads these; tests check them). */
export function pendingChanges(db: AppDatabase): Promise<OutboxRecord[]> {
  return db.outbox.orderBy('seq').toArray();
}
