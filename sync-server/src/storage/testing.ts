// Test helper: a migrated, isolated database of either kind, plus the clean-up that removes it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createStorage, type Storage } from './index';

/** DATABASE_URL from the environment; PostgreSQL tests skip (with a notice) when it is unset. */
export const testDatabaseUrl: string | undefined = process.env.DATABASE_URL || undefined;

export interface TestStorage extends Storage {
  dataDir: string;
  /** PostgreSQL schema holding this run's tables (undefined for SQLite). */
  pgSchema: string | undefined;
  /** Closes the database and deletes what it created: the temporary directory or the PostgreSQL schema. */
  dispose(): Promise<void>;
}

export async function openTestStorage(kind: 'sqlite' | 'postgres'): Promise<TestStorage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'companion-storage-'));
  if (kind === 'postgres' && !testDatabaseUrl) throw new Error('DATABASE_URL is not set');
  // A fresh schema per run isolates concurrent and repeated runs sharing one database.
  const pgSchema = kind === 'postgres' ? `test_${randomBytes(6).toString('hex')}` : undefined;
  const storage = createStorage({
    dataDir,
    databaseUrl: kind === 'postgres' ? testDatabaseUrl : undefined,
    pgSchema,
    pgPoolSize: 4,
  });
  const dispose = async () => {
    try {
      if (pgSchema) await sql`drop schema if exists ${sql.id(pgSchema)} cascade`.execute(storage.db);
    } finally {
      try {
        await storage.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  };
  try {
    await storage.migrate();
  } catch (error) {
    await dispose();
    throw error;
  }
  return { ...storage, dataDir, pgSchema, dispose };
}

/** The storage kinds to run a suite on: SQLite always, PostgreSQL when DATABASE_URL is set. */
export const storageKinds: ReadonlyArray<{ kind: 'sqlite' | 'postgres'; skip: boolean }> = [
  { kind: 'sqlite', skip: false },
  { kind: 'postgres', skip: !testDatabaseUrl },
];

/** Prints why the PostgreSQL variants are skipped; call once per test file. */
export function warnIfPostgresSkipped(): void {
  if (!testDatabaseUrl) {
    console.warn('DATABASE_URL is not set: PostgreSQL storage tests are skipped (SQLite tests still run).');
  }
}
