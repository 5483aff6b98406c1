#!/usr/bin/env node
// `npm test`: typecheck, lint, unit/integration tests, build, then end-to-end tests; non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { ensureChromium } from './find-chromium.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' };

function step(name, command, args, extraEnv = {}) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${result.status ?? result.signal}) after ${seconds}s`);
    process.exit(result.status || 1);
  }
  console.log(`✓ ${name} (${seconds}s)`);
}

step('typecheck', 'npx', ['tsc', '-b']);
step('lint', 'npx', ['eslint', '.']);
step('unit and integration tests', 'npx', ['vitest', 'run']);
step('build', 'npm', ['run', 'build']);

const chromium = ensureChromium();
if (!chromium) {
  console.error('\n✗ end-to-end tests need Chromium: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.');
  process.exit(1);
}
step('end-to-end tests', 'npx', ['playwright', 'test'], { CHROMIUM_PATH: chromium });
