// The one ordered list of schema migrations, written with Kysely's schema builder so SQLite and PostgreSQL share it.
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/*
 * Rules for adding migrations: append only, never edit a released one; use portable column types only
 * (text, integer, bigint, boolean via integer 0/1) and the schema builder, not raw dialect SQL.
 */
// Migrations must work on any database shape, so they take Kysely<unknown> rather than the current Database type.
type Db = Kysely<unknown>;

const m0001Accounts: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('username_key', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'user')`))
      .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // At most one owner, enforced by the database so two racing first registrations cannot both win.
    await db.schema
      .createIndex('users_single_owner')
      .on('users')
      .column('role')
      .unique()
      .where('role', '=', 'owner')
      .execute();

    await db.schema
      .createTable('auth_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .addColumn('revoke_reason', 'text')
      .execute();
    await db.schema.createIndex('auth_sessions_user').on('auth_sessions').column('user_id').execute();

    await db.schema
      .createTable('refresh_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('family_id', 'text', (c) => c.notNull().references('auth_sessions.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('replaced_by', 'text')
      .execute();
    await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').column('family_id').execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('refresh_tokens').execute();
    await db.schema.dropTable('auth_sessions').execute();
    await db.schema.dropTable('users').execute();
  },
};

// Inference (issue 4): each user's active model, and per-user API keys for /v1 (stored as SHA-256 hashes only).
const m0002Inference: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('user_settings')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('active_model', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('api_keys_user').on('api_keys').column('user_id').execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('api_keys').execute();
    await db.schema.dropTable('user_settings').execute();
  },
};

// Characters (issue 3): each user's cards, their pictures and packed files, and the active character for chat.
const m0003Characters: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('characters')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      // Lower-cased copies for search, so both dialects match case-insensitively with a plain LIKE.
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('tags_key', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('source_spec', 'text', (c) => c.notNull())
      .addColumn('source_version', 'text', (c) => c.notNull())
      .addColumn('source_container', 'text', (c) => c.notNull())
      .addColumn('card_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('characters_user_name').on('characters').columns(['user_id', 'name_key', 'id']).execute();

    await db.schema
      .createTable('character_files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('character_id', 'text', (c) => c.notNull().references('characters.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('image', 'file')`))
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('character_files_character').on('character_files').columns(['character_id', 'position']).execute();

    await db.schema
      .createTable('active_characters')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      // Deleting the character clears the choice with it.
      .addColumn('character_id', 'text', (c) => c.notNull().references('characters.id').onDelete('cascade'))
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('active_characters').execute();
    await db.schema.dropTable('character_files').execute();
    await db.schema.dropTable('characters').execute();
  },
};

// Voice (issue 5): uploaded samples, cloned voices (XTTS latents stored as files under DATA_DIR), synthesis history.
const m0004Voice: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('voice_samples')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('wav', 'mp3')`))
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('speech_ms', 'integer', (c) => c.notNull())
      .addColumn('sample_rate', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('voice_samples_user').on('voice_samples').columns(['user_id', 'created_at']).execute();
    await db.schema
      .createTable('voice_models')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('sample_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('engine', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('ready', 'pending')`))
      .addColumn('voice_file', 'text')
      .addColumn('voice_size', 'bigint', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('voice_models_user').on('voice_models').columns(['user_id', 'created_at']).execute();
    await db.schema
      .createTable('voice_history')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('voice', 'text', (c) => c.notNull())
      .addColumn('engine', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('chars', 'integer', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('voice_history_user').on('voice_history').columns(['user_id', 'created_at']).execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('voice_history').execute();
    await db.schema.dropTable('voice_models').execute();
    await db.schema.dropTable('voice_samples').execute();
  },
};

/** Name → migration; names sort in the order they run. */
// Voice history keeps what was said and how it sounded (issue 9): the input text, the audio as a file under the
// user's voice folder, and whether the synthesis completed. Older rows have neither text nor audio.
const m0005VoiceHistoryAudio: Migration = {
  async up(db: Db) {
    await db.schema.alterTable('voice_history').addColumn('text', 'text').execute();
    await db.schema.alterTable('voice_history').addColumn('audio_file', 'text').execute();
    await db.schema.alterTable('voice_history').addColumn('audio_size', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('voice_history').addColumn('status', 'text', (c) => c.notNull().defaultTo('completed')).execute();
  },
  async down(db: Db) {
    for (const column of ['status', 'audio_size', 'audio_file', 'text']) await db.schema.alterTable('voice_history').dropColumn(column).execute();
  },
};

export const migrations: Readonly<Record<string, Migration>> = {
  '0001_accounts': m0001Accounts,
  '0002_inference': m0002Inference,
  '0003_characters': m0003Characters,
  '0004_voice': m0004Voice,
  '0005_voice_history_audio': m0005VoiceHistoryAudio,
};

/** Kysely's Migrator reads migrations from code, not the file system, so the bundled server carries them. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...migrations }),
};
