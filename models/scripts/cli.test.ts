// The CLI end to end: `pull` from MODEL_MIRROR into MODELS_DIR with progress on stderr, then `list`, `verify`, `remove`.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { ensureFixtures, ensureTinyXtts, tinyLlmCatalogEntry, tinyXttsCatalogEntry, TINY_LLM_REPO, TINY_XTTS_REPO } from '../src/fixtures/index.ts';
import { readManifest, revisionDir, storeFilePath } from '../src/download/store.ts';
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

it('shows voice models apart from chat models, and pulls, verifies, mends and removes one', async () => {
  const llm = ensureFixtures({ dir: join(tmp, 'fixtures') }).tinyLlm;
  const xtts = ensureTinyXtts();
  const source = join(tmp, 'voice-source');
  cpSync(xtts, revisionDir(source, TINY_XTTS_REPO, 'main'), { recursive: true });
  const catalogDir = join(tmp, 'voice-catalog');
  mkdirSync(join(catalogDir, 'voice'), { recursive: true });
  writeFileSync(join(catalogDir, 'test-tiny-llm.json'), JSON.stringify(tinyLlmCatalogEntry(llm)));
  writeFileSync(join(catalogDir, 'voice', 'test-tiny-xtts.json'), JSON.stringify(tinyXttsCatalogEntry(xtts, { hashes: false })));
  const mirror = await startTestMirror(source, { treeListing: {} });
  const store = join(tmp, 'voice-store');
  const env = { ...process.env, MODEL_MIRROR: mirror.url, MODELS_DIR: store, MODELS_CATALOG_DIR: catalogDir };
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], { env, cwd: join(import.meta.dirname, '..') });
  try {
    const shown = (await cli('catalog')).stdout;
    const heading = shown.indexOf('voice models');
    expect(heading).toBeGreaterThan(shown.indexOf('test-tiny-llm'));
    expect(shown.indexOf('test-tiny-xtts')).toBeGreaterThan(heading);
    expect(shown.slice(0, heading)).not.toMatch(/xtts/);
    expect((await cli('pull', 'test-tiny-xtts', '--quant', 'fp32')).stdout).toMatch(/test-tiny-xtts@fp32: complete, 11 files/);
    expect((await readManifest(store, 'test-tiny-xtts', 'fp32'))?.runtime).toBe('xtts');
    expect((await cli('list')).stdout).toMatch(/test-tiny-xtts@fp32\s+complete\s+xtts/);
    expect((await cli('verify', 'test-tiny-xtts')).stdout).toMatch(/test-tiny-xtts@fp32: ok/);
    // A flipped byte keeps the size: verify finds it, a plain pull trusts the size, --verify re-hashes and mends it.
    const gpt = storeFilePath(store, TINY_XTTS_REPO, 'main', 'gpt_model.onnx');
    const bytes = readFileSync(gpt);
    bytes[200] = (bytes[200] ?? 0) ^ 0xff;
    writeFileSync(gpt, bytes);
    const bad = await cli('verify', 'test-tiny-xtts').catch((e: { stdout: string; code: number }) => e);
    expect(bad).toMatchObject({ code: 2, stdout: expect.stringMatching(/gpt_model\.onnx: sha256 mismatch/) });
    await cli('pull', 'test-tiny-xtts', '--verify');
    expect((await cli('verify', 'test-tiny-xtts')).stdout).toMatch(/ok/);
    expect((await cli('remove', 'test-tiny-xtts', '--quant', 'fp32')).stdout).toMatch(/removed test-tiny-xtts@fp32 \(11 files\)/);
  } finally {
    await mirror.close();
  }
});
