// The model registry: one load per model, concurrent first requests share it, idle models freed past the limit.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyLlm } from '../../../models/src/fixtures/index.ts';
import { ModelRegistry } from './model-registry.ts';

const root = mkdtempSync(join(tmpdir(), 'registry-fixtures-'));
let a = { dir: '', dtype: 'fp32' };
let b = { dir: '', dtype: 'fp32' };
beforeAll(() => {
  const dir = ensureTinyLlm({ dir: root });
  // A second model: the same files in another folder are another registry key.
  cpSync(dir, join(root, 'copy'), { recursive: true });
  a = { dir, dtype: 'fp32' };
  b = { dir: join(root, 'copy'), dtype: 'fp32' };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ModelRegistry', () => {
  it('loads a model once for concurrent first requests and reuses it', async () => {
    const registry = new ModelRegistry(2);
    const [l1, l2] = await Promise.all([registry.acquire(a), registry.acquire(a)]);
    expect(l1.loaded).toBe(l2.loaded);
    l1.release();
    l2.release();
    (await registry.acquire(a)).release();
    expect(registry.loads).toBe(1);
    await registry.disposeAll();
  });

  it('frees the least recently used idle model past the limit, never one in use', async () => {
    const registry = new ModelRegistry(1);
    const first = await registry.acquire(a);
    const second = await registry.acquire(b); // a is in use: both stay loaded for now
    expect(registry.size).toBe(2);
    first.release(); // now idle and over the limit: freed
    expect(registry.size).toBe(1);
    const session = second.loaded.tokenizer; // b untouched and usable
    expect(session).toBeDefined();
    second.release();
    (await registry.acquire(a)).release(); // a comes back with a fresh load; b, idle, goes
    expect(registry.loads).toBe(3);
    expect(registry.size).toBe(1);
    await registry.disposeAll();
  });

  it('does not keep a failed load, so a later request retries', async () => {
    const registry = new ModelRegistry(2);
    const missing = { dir: join(root, 'nope'), dtype: 'fp32' };
    await expect(registry.acquire(missing)).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
    await expect(registry.acquire(missing)).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
    expect(registry.loads).toBe(2);
    expect(registry.size).toBe(0);
  });
});
