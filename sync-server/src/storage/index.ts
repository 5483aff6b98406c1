// Opens the database (SQLite in DATA_DIR by default, PostgreSQL when DATABASE_URL is set) behind one Kysely type.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import { isUniqueViolation } from './errors';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type { Database, Role, UsersTable, AuthSessionsTable, RefreshTokensTable } from './schema';
export { isUniqueViolation, isUnstorableText } from './errors';

export interface StorageOptions {
  /** Directory for the SQLite file; created when missing. */
  dataDir: string;
  /** A postgres:// URL; when set, PostgreSQL is used instead of SQLite. */
  databaseUrl?: string | undefined;
  /**
   * PostgreSQL schema to put every table in (via search_path); created by migrate(). Tests use a fresh one each
   * run so they can run repeatedly and beside other test files against one database.
   */
  pgSchema?: string | undefined;
  /** PostgreSQL pool size. */
  pgPoolSize?: number;
}

export interface Storage {
  kind: 'sqlite' | 'postgres';
  db: Kysely<Database>;
  /** Brings the schema to the latest migration; safe on every start, and on PostgreSQL from several processes at once. */
  migrate(): Promise<void>;
  /** True when a trivial query succeeds; never throws. */
  health(): Promise<boolean>;
  close(): Promise<void>;
}

export const SQLITE_FILE_NAME = 'companion.sqlite';
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function createStorage(options: StorageOptions): Storage {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openSqlite(options.dataDir);
}

function openSqlite(dataDir: string): Storage {
  mkdirSync(dataDir, { recursive: true });
  const file = new BetterSqlite3(join(dataDir, SQLITE_FILE_NAME));
  // WAL lets readers run beside the writer; foreign keys are off by default in SQLite and must be asked for.
  file.pragma('journal_mode = WAL');
  file.pragma('foreign_keys = ON');
  file.pragma('synchronous = NORMAL');
  file.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) });
  return finish('sqlite', db, async () => undefined);
}

function openPostgres(url: string, options: StorageOptions): Storage {
  const schema = options.pgSchema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`Invalid PostgreSQL schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.pgPoolSize ?? 10,
    // Times and counters are int8 columns; pg returns those as strings unless told otherwise. They stay far below
    // 2^53, so numbers are exact. Set per pool, not on pg's global type table, so nothing else is affected.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === pg.types.builtins.INT8
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return finish('postgres', db, async () => {
    if (schema) {
      // Two processes racing here can both pass IF NOT EXISTS; the loser's duplicate error means the schema is there.
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db).catch((error: unknown) => {
        if (!isUniqueViolation(error) && (error as { code?: unknown }).code !== '42P06') throw error;
      });
    }
    // Kysely looks for its bookkeeping tables in every schema unless told which one; a copy in another schema
    // (another app or test run in the same database) would otherwise be mistaken for ours.
    const { rows } = await sql<{ name: string }>`select current_schema() as name`.execute(db);
    return rows[0]?.name;
  });
}

/** `beforeMigrate` prepares the database and names the schema for Kysely's migration tables (if any). */
function finish(
  kind: Storage['kind'],
  db: Kysely<Database>,
  beforeMigrate: () => Promise<string | undefined>,
): Storage {
  return {
    kind,
    db,
    async migrate() {
      const migrationTableSchema = await beforeMigrate();
      const migrator = new Migrator({
        db,
        provider: migrationProvider,
        ...(migrationTableSchema ? { migrationTableSchema } : {}),
      });
      const result: MigrationResultSet = await migrator.migrateToLatest();
      if (result.error) {
        const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
        throw new Error(`Database migration ${failed} failed`, { cause: result.error });
      }
    },
    async health() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}
