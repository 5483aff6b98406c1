// One-file backup of everything on this device (a zip of paged JSON plus binaries), and its merge-only restore.
import { isZip } from '@companion/core/cards';
import { CodedError } from '@companion/core/errors';
import { type Table, type IndexableType } from 'dexie';
import { unzipSync, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { appDb, type AppDatabase, type ContentTableName } from './app-db';
import { decodeRecord, encodeRecord, MissingBinaryError, sameRecord } from './backup-codec';
import { mutate } from './outbox';
import type { ChatRecord } from './records';
import { importSillyTavernChat } from './st-chat';

export const BACKUP_FORMAT = 'companion-backup';
export const BACKUP_VERSION = 1;
export const BACKUP_TABLES: readonly ContentTableName[] = ['characters', 'lorebooks', 'chats', 'messages', 'personas', 'settings', 'voices'];

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: number;
  tables: Partial<Record<ContentTableName, { rows: number; pages: number }>>;
}

/** Per table: records added, records already here and identical, records here with the same id but other content (kept as they are). */
export type BackupSummary = Record<ContentTableName, { added: number; unchanged: number; kept: number }>;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const pagePath = (table: string, page: number): string => `tables/${table}/${page}.json`;

function keyOf(table: Table, row: unknown): IndexableType | undefined {
  const path = table.schema.primKey.keyPath;
  if (typeof path !== 'string' || typeof row !== 'object' || row === null) return undefined;
  const key = (row as Record<string, unknown>)[path];
  return typeof key === 'string' || typeof key === 'number' ? key : undefined;
}

/** Pages in primary-key order, each read on its own: a big library is never all in memory at once. */
async function* pages(table: Table, size: number): AsyncGenerator<unknown[]> {
  let last: IndexableType | undefined;
  for (;;) {
    const coll = last === undefined ? table.orderBy(':id') : table.where(':id').above(last);
    const rows = (await coll.limit(size).toArray()) as unknown[];
    if (rows.length === 0) return;
    yield rows;
    last = keyOf(table, rows.at(-1));
    if (rows.length < size || last === undefined) return;
  }
}

function zipWriter() {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else chunks.push(data);
  });
  return {
    add(path: string, bytes: Uint8Array, compress: boolean): void {
      const file = compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
      zip.add(file);
      file.push(bytes, true);
    },
    finish(): Uint8Array {
      zip.end();
      if (failure) throw failure;
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      return out;
    },
  };
}

export interface ExportOptions {
  /** Rows per JSON page. */
  pageSize?: number;
}

/** The zip: `manifest.json`, `tables/<table>/<page>.json` and the binaries under `bin/<table>/<n>`. */
export async function exportBackup(db: AppDatabase = appDb(), now: () => number = Date.now, opts: ExportOptions = {}): Promise<Uint8Array> {
  const pageSize = opts.pageSize ?? 200;
  const out = zipWriter();
  const manifest: BackupManifest = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: now(), tables: {} };
  for (const name of BACKUP_TABLES) {
    const table = db.table(name);
    let page = 0;
    let rows = 0;
    let bin = 0;
    for await (const batch of pages(table, pageSize)) {
      const json: unknown[] = [];
      for (const row of batch) {
        const e = await encodeRecord(row, () => `bin/${name}/${bin++}`);
        json.push(e.json);
        // Pictures are compressed already; voice bytes and samples are not.
        for (const f of e.files) out.add(f.path, f.bytes, name !== 'characters' && name !== 'personas');
      }
      out.add(pagePath(name, page++), utf8(JSON.stringify(json)), true);
      rows += batch.length;
    }
    manifest.tables[name] = { rows, pages: page };
  }
  out.add('manifest.json', utf8(JSON.stringify(manifest)), true);
  return out.finish();
}

function broken(why: string): CodedError {
  return new CodedError('BACKUP_BROKEN', `The backup file is damaged (${why}). Nothing was imported.`, { details: { why } });
}

function readManifest(files: Record<string, Uint8Array>): BackupManifest {
  const raw = files['manifest.json'];
  let m: unknown;
  try {
    m = raw && JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw broken('its manifest is not valid JSON');
  }
  const man = m as Partial<BackupManifest> | undefined;
  if (!man || man.format !== BACKUP_FORMAT) {
    throw new CodedError('BACKUP_NOT_A_BACKUP', 'This file is not a Companion backup.', { recoverable: true });
  }
  if (typeof man.version !== 'number' || man.version > BACKUP_VERSION) {
    throw new CodedError(
      'BACKUP_TOO_NEW',
      `This backup was made by a newer version of the app (format ${String(man.version)}; this one reads ${BACKUP_VERSION}). Update the app and try again.`,
      { recoverable: true, details: { version: man.version } },
    );
  }
  if (typeof man.tables !== 'object' || man.tables === null) throw broken('its manifest lists no tables');
  return man as BackupManifest;
}

function readRows(files: Record<string, Uint8Array>, name: ContentTableName, pageCount: number): unknown[] {
  const rows: unknown[] = [];
  for (let p = 0; p < pageCount; p++) {
    const raw = files[pagePath(name, p)];
    if (!raw) throw broken(`${pagePath(name, p)} is missing`);
    let page: unknown;
    try {
      page = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      throw broken(`${pagePath(name, p)} is not valid JSON`);
    }
    if (!Array.isArray(page)) throw broken(`${pagePath(name, p)} is not a list`);
    try {
      for (const r of page) rows.push(decodeRecord(r, (path) => files[path]));
    } catch (e) {
      if (e instanceof MissingBinaryError) throw broken(`${e.message} is missing`);
      throw e;
    }
  }
  return rows;
}

function emptySummary(): BackupSummary {
  return Object.fromEntries(BACKUP_TABLES.map((t) => [t, { added: 0, unchanged: 0, kept: 0 }])) as BackupSummary;
}

/**
 * Merges a backup into this device in one transaction (all or nothing). Records whose id is new are added;
 * a record with the same id is never overwritten: identical ones count as unchanged, different ones as kept.
 */
export async function importBackup(bytes: Uint8Array, db: AppDatabase = appDb(), now: () => number = Date.now): Promise<BackupSummary> {
  if (!isZip(bytes)) throw new CodedError('BACKUP_NOT_A_BACKUP', 'This file is not a Companion backup (not a zip file).', { recoverable: true });
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw broken(e instanceof Error ? e.message : 'unreadable zip');
  }
  const manifest = readManifest(files);
  const summary = emptySummary();
  const plan: { table: Table; name: ContentTableName; rows: Map<IndexableType, unknown> }[] = [];
  // Comparing needs Blob reads, which cannot happen inside an IndexedDB transaction: classify first, write after.
  for (const name of BACKUP_TABLES) {
    const info = manifest.tables[name];
    if (!info) continue;
    const table = db.table(name);
    const fresh = new Map<IndexableType, unknown>();
    const rows = readRows(files, name, info.pages);
    const keys = rows.map((r) => keyOf(table, r));
    if (keys.some((k) => k === undefined)) throw broken(`a ${name} record has no id`);
    const existing = (await table.bulkGet(keys as IndexableType[])) as unknown[];
    for (const [i, row] of rows.entries()) {
      const here = existing[i];
      if (here === undefined) fresh.set(keys[i]!, row);
      else if (await sameRecord(here, row)) summary[name].unchanged++;
      else summary[name].kept++;
    }
    plan.push({ table, name, rows: fresh });
  }
  return mutate(
    db,
    plan.map((p) => p.table),
    async (w) => {
      for (const { table, name, rows } of plan) {
        const keys = [...rows.keys()];
        // Something written since the check (another tab) wins as well.
        const current = await table.bulkGet(keys);
        const add = keys.filter((_, i) => current[i] === undefined);
        summary[name].kept += keys.length - add.length;
        summary[name].added += add.length;
        await w.bulkPut(table, add.map((k) => rows.get(k)));
      }
      return summary;
    },
    { now },
  );
}

export interface BackupStore {
  exportBackup(opts?: ExportOptions): Promise<Uint8Array>;
  importBackup(bytes: Uint8Array): Promise<BackupSummary>;
  /** A SillyTavern `.jsonl` chat as a new chat of `characterId`; bad lines are ST_CHAT_BAD_LINE naming the line. */
  importSillyTavernChat(bytes: Uint8Array, characterId: string, fileName?: string): Promise<ChatRecord>;
}

export function createBackupStore(db: AppDatabase = appDb(), now: () => number = Date.now): BackupStore {
  return {
    exportBackup: (opts) => exportBackup(db, now, opts),
    importBackup: (bytes) => importBackup(bytes, db, now),
    importSillyTavernChat: (bytes, characterId, fileName) =>
      importSillyTavernChat(db, bytes, characterId, { now, ...(fileName !== undefined && { fileName }) }),
  };
}
