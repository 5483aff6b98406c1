import { describe, expect, it } from 'vitest';
import { catalogSchema } from '@companion/core/schemas';
import type { DeviceCapabilities } from '../capabilities/detect';
import { modelOptions } from './choose-model';
import { prepareStorageFor } from './storage-check';
import catalogJson from '../../../../models/catalog/qwen2.5-0.5b-instruct-webllm.json';
import onnxJson from '../../../../models/catalog/qwen2.5-0.5b-instruct-onnx.json';

const catalog = catalogSchema.parse([catalogJson, onnxJson]);
const caps = (f16: boolean, memory: number | null = null): DeviceCapabilities => ({
  secureContext: true,
  webgpu: { available: true, shaderF16: f16, adapterName: 'gpu' },
  deviceMemoryGiB: memory,
  cores: 4,
  storage: null,
  crossOriginIsolated: false,
});

describe('modelOptions', () => {
  it('offers only the engine runtime and marks fp16-only variants unrunnable without shader-f16', () => {
    const options = modelOptions(catalog, 'webllm', caps(false));
    expect(options.length).toBeGreaterThan(0);
    expect(options.every((o) => o.model.id.endsWith('-MLC'))).toBe(true);
    const f16 = options.find((o) => o.key.endsWith('q4f16_1'));
    expect(f16).toMatchObject({ runnable: false });
    expect(f16?.reason).toMatch(/shader-f16/);
    expect(options[0]?.runnable).toBe(true);
  });

  it('maps ONNX variants to the repo id and dtype transformers.js loads', () => {
    const options = modelOptions(catalog, 'onnx-wasm', caps(false));
    expect(options.every((o) => o.model.id === 'onnx-community/Qwen2.5-0.5B-Instruct')).toBe(true);
    expect(options.every((o) => o.runnable)).toBe(true); // the CPU engine needs no GPU features
    expect(new Set(options.map((o) => o.model.dtype)).size).toBe(options.length);
  });

  it('warns when a model is large for a small device', () => {
    const options = modelOptions(catalog, 'onnx-wasm', caps(false, 1));
    expect(options.some((o) => o.warning?.includes('1 GiB'))).toBe(true);
    expect(modelOptions(catalog, 'onnx-wasm', caps(false, null)).every((o) => o.warning === null)).toBe(true);
  });
});

describe('prepareStorageFor', () => {
  it('refuses a download that does not fit with a margin, and says how much is free', async () => {
    const storage = { estimate: async () => ({ quota: 1000 * 2 ** 20, usage: 900 * 2 ** 20 }), persist: async () => true };
    const verdict = await prepareStorageFor(95 * 2 ** 20, storage);
    expect(verdict).toMatchObject({ ok: false, freeBytes: 100 * 2 ** 20, persisted: true });
    expect(verdict.message).toContain('100 MB');
    expect((await prepareStorageFor(80 * 2 ** 20, storage)).ok).toBe(true);
  });

  it('asks for persistent storage only when not already persisted', async () => {
    let asked = 0;
    const storage = { estimate: async () => ({ quota: 10, usage: 0 }), persisted: async () => true, persist: async () => ++asked > 0 };
    await prepareStorageFor(1, storage);
    expect(asked).toBe(0);
  });

  it('lets the download proceed when the browser gives no estimate', async () => {
    expect(await prepareStorageFor(10, undefined)).toMatchObject({ ok: true });
    expect(await prepareStorageFor(null, { estimate: async () => ({ quota: 1, usage: 0 }) })).toMatchObject({ ok: true });
  });
});
