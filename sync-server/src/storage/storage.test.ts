// Storage: one set of migrations that behaves the same on SQLite and PostgreSQL.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationProvider, migrations } from './migrations';
import { SQLITE_FILE_NAME, createStorage, isUniqueViolation } from './index';
import { openTestStorage, storageKinds, testDatabaseUrl, warnIfPostgresSkipped, type TestStorage } from './testing';

warnIfPostgresSkipped();

const user = (id: string, username: string, role: 'owner' | 'user' = 'user') => ({
  id,
  username,
  username_key: username.toLowerCase(),
  password_hash: 'x',
  role,
  created_at: 1_767_225_600_000,
  updated_at: 1_767_225_600_000,
});

describe.each(storageKinds)('storage on $kind', ({ kind, skip }) => {
  let storage: TestStorage;
  beforeEach(async () => {
    if (!skip) storage = await openTestStorage(kind);
  });
  afterEach(async () => {
    if (!skip) await storage.dispose();
  });

  it.skipIf(skip)('reports its kind and is healthy after migrating', async () => {
    expect(storage.kind).toBe(kind);
    expect(await storage.health()).toBe(true);
  });

  it.skipIf(skip)('migrating again is a no-op', async () => {
    await storage.migrate();
    const names = await storage.db.selectFrom('users').select('id').execute();
    expect(names).toEqual([]);
  });

  it.skipIf(skip)('round-trips millisecond times as numbers', async () => {
    await storage.db.insertInto('users').values(user('u1', 'Alice')).execute();
    const row = await storage.db.selectFrom('users').selectAll().where('id', '=', 'u1').executeTakeFirstOrThrow();
    expect(row.created_at).toBe(1_767_225_600_000);
    expect(row.token_version).toBe(0);
    const count = await storage.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it.skipIf(skip)('usernames are unique regardless of case', async () => {
    await storage.db.insertInto('users').values(user('u1', 'Alice')).execute();
    const error = await storage.db
      .insertInto('users')
      .values(user('u2', 'ALICE'))
      .execute()
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it.skipIf(skip)('allows at most one owner', async () => {
    await storage.db
      .insertInto('users')
      .values(user('u1', 'first', 'owner'))
      .execute();
    await storage.db.insertInto('users').values(user('u2', 'second')).execute();
    const error = await storage.db
      .insertInto('users')
      .values(user('u3', 'third', 'owner'))
      .execute()
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it.skipIf(skip)('rejects an unknown role', async () => {
    const bad = { ...user('u1', 'x'), role: 'admin' as 'user' };
    await expect(storage.db.insertInto('users').values(bad).execute()).rejects.toThrow();
  });

  it.skipIf(skip)('enforces foreign keys and cascades user deletion', async () => {
    const orphan = {
      id: 's0',
      user_id: 'nobody',
      created_at: 1,
      last_used_at: 1,
      revoked_at: null,
      revoke_reason: null,
    };
    await expect(storage.db.insertInto('auth_sessions').values(orphan).execute()).rejects.toThrow();

    await storage.db.insertInto('users').values(user('u1', 'Alice')).execute();
    await storage.db
      .insertInto('auth_sessions')
      .values({ ...orphan, id: 's1', user_id: 'u1' })
      .execute();
    await storage.db
      .insertInto('refresh_tokens')
      .values({
        id: 'r1',
        family_id: 's1',
        user_id: 'u1',
        token_hash: 'h',
        created_at: 1,
        expires_at: 2,
        used_at: null,
        replaced_by: null,
      })
      .execute();
    await storage.db.deleteFrom('users').where('id', '=', 'u1').execute();
    expect(await storage.db.selectFrom('auth_sessions').select('id').execute()).toEqual([]);
    expect(await storage.db.selectFrom('refresh_tokens').select('id').execute()).toEqual([]);
  });

  it.skipIf(skip)('migrations run down to nothing and up again', async () => {
    const migrator = new Migrator({
      db: storage.db,
      provider: migrationProvider,
      ...(storage.pgSchema ? { migrationTableSchema: storage.pgSchema } : {}),
    });
    for (let i = 0; i < Object.keys(migrations).length; i++) {
      const { error } = await migrator.migrateDown();
      expect(error).toBeUndefined();
    }
    await expect(storage.db.selectFrom('users').select('id').execute()).rejects.toThrow();
    await storage.migrate();
    expect(await storage.db.selectFrom('users').select('id').execute()).toEqual([]);
  });

  it.skipIf(skip)('reports unhealthy once closed, without throwing', async () => {
    const second = createStorage({
      dataDir: storage.dataDir,
      databaseUrl: storage.pgSchema ? testDatabaseUrl : undefined,
      pgSchema: storage.pgSchema,
    });
    expect(await second.health()).toBe(true);
    await second.close();
    expect(await second.health()).toBe(false);
  });
});

describe('SQLite specifics', () => {
  let storage: TestStorage;
  beforeEach(async () => {
    storage = await openTestStorage('sqlite');
  });
  afterEach(async () => {
    await storage.dispose();
  });

  it('keeps its file in DATA_DIR with WAL and foreign keys on', async () => {
    expect(existsSync(join(storage.dataDir, SQLITE_FILE_NAME))).toBe(true);
    const { rows: journal } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(storage.db);
    expect(journal[0]?.journal_mode).toBe('wal');
    const { rows: fk } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(storage.db);
    expect(fk[0]?.foreign_keys).toBe(1);
  });
});

describe.skipIf(!testDatabaseUrl)('PostgreSQL specifics', () => {
  it('puts tables in its own schema and drops it on dispose', async () => {
    const storage = await openTestStorage('postgres');
    const schema = storage.pgSchema ?? '';
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = ${schema} order by table_name`.execute(
      storage.db,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['auth_sessions', 'refresh_tokens', 'users']),
    );
    await storage.dispose();

    const probe = createStorage({ dataDir: storage.dataDir, databaseUrl: testDatabaseUrl });
    const left = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.schemata where schema_name = ${schema}`.execute(probe.db);
    await probe.close();
    expect(left.rows[0]?.n).toBe(0);
  });

  it('two processes migrating one database at once both succeed (Kysely takes an advisory lock)', async () => {
    const first = await openTestStorage('postgres');
    const a = createStorage({ dataDir: first.dataDir, databaseUrl: testDatabaseUrl, pgSchema: `${first.pgSchema}_x` });
    const b = createStorage({ dataDir: first.dataDir, databaseUrl: testDatabaseUrl, pgSchema: `${first.pgSchema}_x` });
    try {
      await Promise.all([a.migrate(), b.migrate()]);
      expect(await a.db.selectFrom('users').select('id').execute()).toEqual([]);
    } finally {
      await sql`drop schema if exists ${sql.id(`${first.pgSchema}_x`)} cascade`.execute(a.db);
      await Promise.all([a.close(), b.close(), first.dispose()]);
    }
  });

  it('refuses an unsafe schema name', () => {
    expect(() =>
      createStorage({ dataDir: '/tmp', databaseUrl: testDatabaseUrl, pgSchema: 'x; drop table users' }),
    ).toThrow();
  });
});
