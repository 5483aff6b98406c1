// Who owns the server: ownership moves by hand-over (the owner's route) or from the command line, never by registering.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { Database } from '../storage';
import { passwordProblem, usernameKey, usernameProblem } from './credentials';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, type ScryptParams } from './passwords';

/**
 * Makes `userId` the owner and the previous owner (if another) a plain user, in one transaction: the database
 * allows one owner at a time, so the demotion comes first.
 */
export async function moveOwnership(db: Kysely<Database>, clock: Clock, userId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const now = clock.now();
    await trx.updateTable('users').set({ role: 'user', updated_at: now }).where('role', '=', 'owner').where('id', '!=', userId).execute();
    await trx.updateTable('users').set({ role: 'owner', updated_at: now }).where('id', '=', userId).execute();
  });
}

export type SetOwnerResult = { action: 'created' | 'promoted' | 'unchanged'; previousOwner?: string };

export class OwnerSetupError extends Error {}

/**
 * The command line's owner step (`npm run setup -- --owner <name>`): whoever runs it already controls the server's
 * files and database. An existing account is promoted (the old owner, if any, becomes a user); a new name needs a
 * password and is created as the owner.
 */
export async function setOwner(
  db: Kysely<Database>,
  clock: Clock,
  opts: { username: string; password?: string | undefined; passwordParams?: ScryptParams },
): Promise<SetOwnerResult> {
  const previous = await db.selectFrom('users').select(['id', 'username']).where('role', '=', 'owner').executeTakeFirst();
  const existing = await db.selectFrom('users').select(['id', 'role']).where('username_key', '=', usernameKey(opts.username)).executeTakeFirst();
  if (existing) {
    if (existing.role === 'owner') return { action: 'unchanged' };
    await moveOwnership(db, clock, existing.id);
    return { action: 'promoted', ...(previous ? { previousOwner: previous.username } : {}) };
  }
  const problem = usernameProblem(opts.username) ?? (opts.password === undefined ? 'a new account needs a password' : passwordProblem(opts.password));
  if (problem) throw new OwnerSetupError(problem);
  const now = clock.now();
  const id = randomUUID();
  const passwordHash = await hashPassword(opts.password!, opts.passwordParams ?? DEFAULT_SCRYPT_PARAMS);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ role: 'user', updated_at: now }).where('role', '=', 'owner').execute();
    await trx
      .insertInto('users')
      .values({ id, username: opts.username, username_key: usernameKey(opts.username), password_hash: passwordHash, role: 'owner', created_at: now, updated_at: now })
      .execute();
  });
  return { action: 'created', ...(previous ? { previousOwner: previous.username } : {}) };
}
