// Row types of every table, shared by the SQLite and PostgreSQL dialects through Kysely.
import type { Generated } from 'kysely';

/*
 * Conventions later tables (characters, chats, sync) follow too:
 * - ids are server-made UUID strings (text), so rows can be created offline on a device and merged;
 * - times are integer milliseconds since the epoch (bigint columns), never dialect-specific timestamp types,
 *   so both dialects compare and sort them the same way and the values round-trip unchanged;
 * - every user-owned row carries `user_id` referencing `users.id` with ON DELETE CASCADE.
 */

export type Role = 'owner' | 'user';

export interface UsersTable {
  id: string;
  /** As the user typed it, for display. */
  username: string;
  /** Lower-cased username: the unique key, so "Alice" and "alice" cannot both exist on either dialect. */
  username_key: string;
  password_hash: string;
  role: Role;
  /** Bumped by "sign out everywhere"; access tokens carry the version they were issued under. */
  token_version: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** One signed-in device: the family every rotated refresh token of one login belongs to. */
export interface AuthSessionsTable {
  id: string;
  user_id: string;
  created_at: number;
  last_used_at: number;
  /** Set by logout, sign-out-everywhere or refresh-token reuse; kills the family's refresh and access tokens. */
  revoked_at: number | null;
  revoke_reason: string | null;
}

export interface RefreshTokensTable {
  id: string;
  family_id: string;
  user_id: string;
  /** SHA-256 of the opaque token, base64url; the token itself is never stored. */
  token_hash: string;
  created_at: number;
  expires_at: number;
  /** When it was exchanged for a new pair; a second use of a used token is theft. */
  used_at: number | null;
  replaced_by: string | null;
}

export interface Database {
  users: UsersTable;
  auth_sessions: AuthSessionsTable;
  refresh_tokens: RefreshTokensTable;
}
