#!/usr/bin/env node
// Creates .env with a freshly generated JWT_SECRET when none is configured. The server itself never invents
// a secret (it refuses to start without one); this explicit step is what the README's start command runs.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { resolve } from 'node:path';

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
