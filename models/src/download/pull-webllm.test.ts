// Pulling a WebLLM model: the shard list and sizes come from the repo's own ndarray-cache.json and mlc-chat-config.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { WebllmCatalogEntry } from '../../../core/src/schemas/models.ts';
import { DownloadError } from './errors.ts';
import { pullModel } from './pull.ts';
import { revisionDir, storeFilePath } from './store.ts';
import { startTestMirror } from './test-mirror.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pull-webllm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const REPO = 'mlc-ai/Tiny-q4f32_1-MLC';

function entry(): WebllmCatalogEntry {
  return {
    id: 'tiny-webllm',
    name: 'Tiny',
    family: 'test',
    parameters: 1000,
    contextLength: 4096,
    licence: { spdx: 'MIT', url: 'https://opensource.org/license/mit' },
    runtime: 'webllm',
    webllmVersion: '0.2.86',
    defaultQuant: 'q4f32_1',
    variants: [
      {
        quant: 'q4f32_1',
        modelId: 'Tiny-q4f32_1-MLC',
        modelUrl: `https://huggingface.co/${REPO}`,
        modelLib: 'https://example.invalid/Tiny-q4f32_1-webgpu.wasm',
        contextWindow: 4096,
        lowResourceRequired: true,
        download: null,
        memory: { bytes: 1_000_000, exact: false },
        requiredFeatures: [],
      },
    ],
  };
}

function writeRepo(root: string, shardBytes: number[], statedSizes: number[]): void {
  const dir = revisionDir(root, REPO, 'main');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'mlc-chat-config.json'), JSON.stringify({ tokenizer_files: ['tokenizer.json', 'tokenizer_config.json'] }));
  writeFileSync(join(dir, 'tokenizer.json'), '{"model":{}}');
  writeFileSync(join(dir, 'tokenizer_config.json'), '{}');
  const records = shardBytes.map((n, i) => ({ dataPath: `params_shard_${i}.bin`, nbytes: statedSizes[i] ?? n }));
  writeFileSync(join(dir, 'ndarray-cache.json'), JSON.stringify({ metadata: {}, records }));
  mkdirSync(join(dir, '_lib'));
  writeFileSync(join(dir, '_lib', 'Tiny-q4f32_1-webgpu.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  shardBytes.forEach((n, i) => writeFileSync(join(dir, `params_shard_${i}.bin`), Buffer.alloc(n, i + 1)));
}

it('downloads the index files, then every tokenizer file and shard they name, with the stated shard sizes', async () => {
  const source = join(tmp, 'source');
  writeRepo(source, [70_000, 30_000], [70_000, 30_000]);
  const mirror = await startTestMirror(source, { cut: new Map([[`${REPO}/resolve/main/params_shard_0.bin`, { after: 20_000 }]]) });
  try {
    const store = join(tmp, 'store');
    const m = await pullModel(entry(), { store, mirror: mirror.url, retries: 2, retryDelayMs: 1 });
    expect(m.complete).toBe(true);
    expect(m.files.map((f) => f.path)).toEqual([
      'mlc-chat-config.json',
      'ndarray-cache.json',
      '_lib/Tiny-q4f32_1-webgpu.wasm',
      'tokenizer.json',
      'tokenizer_config.json',
      'params_shard_0.bin',
      'params_shard_1.bin',
    ]);
    expect(m.files.find((f) => f.path === 'params_shard_0.bin')?.size).toBe(70_000);
    expect(readFileSync(storeFilePath(store, REPO, 'main', 'params_shard_1.bin')).byteLength).toBe(30_000);
    expect(mirror.requests.some((r) => r.path.endsWith('params_shard_0.bin') && r.status === 206 && r.range !== null)).toBe(true);
  } finally {
    await mirror.close();
  }
});

it('refuses a shard whose size differs from ndarray-cache.json', async () => {
  const source = join(tmp, 'source-bad');
  writeRepo(source, [1000, 2000], [1000, 2500]);
  const mirror = await startTestMirror(source);
  try {
    const err = await pullModel(entry(), { store: join(tmp, 'store-bad'), mirror: mirror.url, retries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as DownloadError).code).toBe('SIZE_MISMATCH');
  } finally {
    await mirror.close();
  }
});
