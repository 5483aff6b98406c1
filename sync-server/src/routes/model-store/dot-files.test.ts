// The model store never serves hidden files (a copied repo's .git/config with a token, .env, .catalog/, .manifests/)
// nor unfinished `.part` downloads, however the path is spelled: names are checked after decoding and normalising.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server.ts';
import { buildApp, serveApp } from '../../../test/helpers.ts';
import { rawGet } from '../../../test/raw-get.ts';
import { createModelStoreRoutes, listRepoFiles } from './index.ts';

const SECRET = 'hf_SECRET_TOKEN';
let modelsDir: string;
let server: RunningServer;

beforeAll(async () => {
  modelsDir = mkdtempSync(join(tmpdir(), 'model-store-dots-'));
  const repo = join(modelsDir, 'acme', 'tiny');
  mkdirSync(join(repo, '.git'), { recursive: true });
  writeFileSync(join(repo, '.git', 'config'), `[remote "origin"]\nurl = https://user:${SECRET}@huggingface.co/acme/tiny`);
  writeFileSync(join(repo, '.env'), `HF_TOKEN=${SECRET}`);
  writeFileSync(join(repo, 'config.json'), '{"ok":true}');
  writeFileSync(join(repo, 'x.part'), SECRET);
  mkdirSync(join(modelsDir, '.catalog'), { recursive: true });
  writeFileSync(join(modelsDir, '.catalog', 'mine.json'), SECRET);
  mkdirSync(join(modelsDir, '.manifests', 'resolve', 'main'), { recursive: true });
  writeFileSync(join(modelsDir, '.manifests', 'resolve', 'main', 'm.json'), SECRET);
  // A harmless-looking link to a hidden file.
  symlinkSync(join(repo, '.env'), join(repo, 'weights.bin'));
  const { app } = buildApp({ routes: [{ path: '/models', routes: createModelStoreRoutes({ modelsDir }) }] });
  server = await serveApp(app);
});
afterAll(() => server.close(100));

describe('model store: hidden and unfinished files', () => {
  it('still serves ordinary files', async () => {
    expect(await rawGet(server.port, '/models/acme/tiny/resolve/main/config.json')).toEqual({ status: 200, body: '{"ok":true}' });
  });

  it.each([
    '/models/acme/tiny/resolve/main/.git/config',
    '/models/acme/tiny/resolve/main/%2egit/config',
    '/models/acme/tiny/resolve/main/%252egit/config',
    '/models/acme/tiny/resolve/main/onnx/../.git/config',
    '/models/acme/tiny/resolve/main/./.env',
    '/models/acme/tiny/resolve/main/.env',
    '/models/acme/tiny/resolve/main/%2Eenv',
    '/models/acme/tiny/resolve/main/x/%2e%2e%2f.env',
    '/models/acme/tiny/resolve/main/weights.bin',
    '/models/.catalog/resolve/main/mine.json',
    '/models/acme/.catalog/resolve/main/mine.json',
    '/models/.manifests/resolve/main/m.json',
    '/models/acme/tiny/resolve/main/x.part',
    '/models/acme/tiny/resolve/main/x.part/',
    '/models/acme/tiny/resolve/main/x.part/.',
    '/models/acme/tiny/resolve/main/x.part%2f',
    '/models/acme/tiny/resolve/main/x.part%2F.',
    '/models/acme/tiny/resolve/main/x.par%2574',
    '/models/acme/tiny/resolve/main/x.par%74',
    '/models/acme/tiny/resolve/main/x.PART',
    '/models/acme/tiny/resolve/main/x.part//',
  ])('refuses %s', async (path) => {
    const res = await rawGet(server.port, path);
    expect(res.body).not.toContain(SECRET);
    expect([400, 404]).toContain(res.status);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: expect.stringMatching(/^[A-Z_]+$/) } });
  });

  it('does not list hidden files', async () => {
    const files = await listRepoFiles(modelsDir, 'acme/tiny', 'main');
    expect(files?.map((f) => f.path).sort()).toEqual(['config.json']);
  });
});
