#!/usr/bin/env node
// Creates .env with a freshly generated JWT_SECRET when none is configured. The server itself never invents
// a secret (it refuses to start without one); this explicit step is what the README's start command runs.
// With `--owner <username>` it then makes that account the server's owner (creating it when new): with
// REGISTRATION=closed this is the only way an owner is made.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const envPath = resolve(process.cwd(), '.env');
const existing = existsSync(envPath) ? readFileSync(envPath, 'utf8') : '';

if (process.env.JWT_SECRET || /^\s*JWT_SECRET\s*=\s*\S+/m.test(existing)) {
  console.log('JWT_SECRET is already configured; .env left as it is.');
} else {
  const line = `JWT_SECRET=${randomBytes(32).toString('hex')}\n`;
  const separator = existing && !existing.endsWith('\n') ? '\n' : '';
  writeFileSync(envPath, existing + separator + line, { mode: 0o600 });
  chmodSync(envPath, 0o600);
  // The secret itself is never printed.
  console.log(`Generated a new JWT_SECRET in ${envPath} (readable only by you).`);
}

if (process.argv.includes('--owner')) {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const script = join(root, 'sync-server', 'src', 'cli', 'set-owner.ts');
  const result = spawnSync(tsx, [script, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
