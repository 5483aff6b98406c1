// `npm run setup -- --owner <username>`: the only way a server gets (or changes) its owner without an owner's consent.
import { createInterface } from 'node:readline/promises';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../clock.ts';
import { loadConfig, readConfigFile } from '../env.ts';
import { usernameKey } from '../auth/credentials.ts';
import { OwnerSetupError, setOwner } from '../auth/owner.ts';
import { createStorage } from '../storage/index.ts';

/** From COMPANION_OWNER_PASSWORD, else one line of stdin (so it never appears in the shell's history or `ps`). */
async function readPassword(): Promise<string | undefined> {
  if (process.env.COMPANION_OWNER_PASSWORD) return process.env.COMPANION_OWNER_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: false });
  try {
    if (process.stdin.isTTY) process.stdout.write('Password for the new owner account (8+ characters): ');
    for await (const line of rl) return line;
    return undefined;
  } finally {
    rl.close();
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const at = argv.indexOf('--owner');
  const username = at >= 0 ? argv[at + 1] : undefined;
  if (!username || username.startsWith('--')) {
    console.error('Usage: npm run setup -- --owner <username>');
    return 2;
  }
  try {
    process.loadEnvFile('.env');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const config = loadConfig(process.env, { file: readConfigFile(process.env) });
  const storage = createStorage({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    await storage.migrate();
    const exists = await storage.db.selectFrom('users').select('id').where('username_key', '=', usernameKey(username)).executeTakeFirst();
    const password = exists ? undefined : await readPassword();
    const r = await setOwner(storage.db, systemClock, { username, password });
    const was = r.previousOwner ? ` (${r.previousOwner} is now a plain user)` : '';
    if (r.action === 'unchanged') console.log(`${username} already owns this server.`);
    else if (r.action === 'promoted') console.log(`${username} now owns this server${was}.`);
    else console.log(`Created ${username} as the owner of this server${was}.`);
    return 0;
  } catch (err) {
    if (err instanceof OwnerSetupError) {
      console.error(`Cannot make ${username} the owner: ${err.message}.`);
      return 1;
    }
    throw err;
  } finally {
    await storage.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main(process.argv.slice(2));
