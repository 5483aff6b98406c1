// The CLI end to end: `pull` from MODEL_MIRROR into MODELS_DIR with progress on stderr, then `list`, `verify`, `remove`.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { ensureFixtures, tinyLlmCatalogEntry, TINY_LLM_REPO } from '../src/fixtures/index.ts';
import { readManifest, revisionDir } from '../src/download/store.ts';
import { startTestMirror } from '../src/download/test-mirror.ts';

const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('pulls from the mirror, lists, verifies and removes', async () => {
  const tiny = ensureFixtures({ dir: join(tmp, 'fixtures') }).tinyLlm;
  const source = join(tmp, 'source');
  cpSync(tiny, revisionDir(source, TINY_LLM_REPO, 'main'), { recursive: true });
  const catalogDir = join(tmp, 'catalog');
  mkdirSync(catalogDir);
  writeFileSync(join(catalogDir, 'test-tiny-llm.json'), JSON.stringify(tinyLlmCatalogEntry(tiny)));
  const mirror = await startTestMirror(source);
  const store = join(tmp, 'store');
  const env = { ...process.env, MODEL_MIRROR: mirror.url, MODELS_DIR: store, MODELS_CATALOG_DIR: catalogDir };
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], { env, cwd: join(import.meta.dirname, '..') });
  try {
    const pulled = await cli('pull', 'test-tiny-llm');
    expect(pulled.stdout).toMatch(/test-tiny-llm@fp32: complete, 5 files/);
    expect(pulled.stderr).toMatch(/onnx\/model\.onnx \[#+\] 100\.0%/);
    expect((await readManifest(store, 'test-tiny-llm', 'fp32'))?.complete).toBe(true);
    expect((await cli('list')).stdout).toMatch(/test-tiny-llm@fp32\s+complete/);
    expect((await cli('verify', 'test-tiny-llm')).stdout).toMatch(/ok/);
    expect((await cli('remove', 'test-tiny-llm')).stdout).toMatch(/removed test-tiny-llm@fp32 \(5 files\)/);
    const missing = await cli('pull', 'no-such-model').catch((e: { stderr: string; code: number }) => e);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/UNKNOWN_MODEL/) });
  } finally {
    await mirror.close();
  }
});
