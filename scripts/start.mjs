#!/usr/bin/env node
// `npm start`: builds the PWA and the server when no build exists, then runs the server, which serves the PWA.
import { existsSync } from 'node:fs';
import { spawnSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const backendOnly = process.argv.includes('--backend-only');
const serverEntry = join(root, 'sync-server', 'dist', 'main.js');
const webIndex = join(root, 'web', 'dist', 'index.html');

function run(args) {
  const result = spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!backendOnly && !existsSync(webIndex)) {
  console.log('No web build found: building the PWA first…');
  run(['run', 'build', '-w', 'web']);
}
if (!existsSync(serverEntry)) {
  console.log('No server build found: building the server first…');
  run(['run', 'build', '-w', 'sync-server']);
}

const env = { ...process.env };
if (backendOnly) env.WEB_DIST = env.WEB_DIST ?? '';
const child = spawn(process.execPath, [serverEntry], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
