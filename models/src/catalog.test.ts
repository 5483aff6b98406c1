// The committed catalog parses, and its WebLLM entries agree with the installed @mlc-ai/web-llm prebuilt config.
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { catalogSchema, DEFAULT_CATALOG_DIR, findEntry, loadCatalog } from './catalog.ts';
import { bundledCatalog, CATALOG_FILES } from './catalog-static.ts';
import { planPull } from './download/pull.ts';

const catalog = loadCatalog();

describe('catalog', () => {
  it('has the WebLLM and ONNX models the issue names', () => {
    const ids = catalog.map((e) => e.id);
    for (const id of [
      'smollm2-360m-instruct-webllm',
      'qwen2.5-0.5b-instruct-webllm',
      'qwen2.5-1.5b-instruct-webllm',
      'llama-3.2-1b-instruct-webllm',
      'llama-3.2-3b-instruct-webllm',
      'phi-3.5-mini-instruct-webllm',
      'qwen2.5-0.5b-instruct-onnx',
      'smollm2-360m-instruct-onnx',
      'llama-3.2-1b-instruct-onnx',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('matches @mlc-ai/web-llm prebuiltAppConfig: ids, URLs, VRAM, context and required features', () => {
    for (const entry of catalog) {
      if (entry.runtime !== 'webllm') continue;
      for (const v of entry.variants) {
        const record = prebuiltAppConfig.model_list.find((m) => m.model_id === v.modelId);
        expect(record, v.modelId).toBeDefined();
        expect(v.modelUrl).toBe(record?.model);
        expect(v.modelLib).toBe(record?.model_lib);
        expect(v.memory.bytes).toBe(Math.round((record?.vram_required_MB ?? 0) * 1_000_000));
        expect(v.contextWindow).toBe(record?.overrides?.context_window_size ?? 4096);
        for (const f of record?.required_features ?? []) expect(v.requiredFeatures).toContain(f);
      }
    }
  });

  it('names ONNX files the way transformers.js looks them up for each dtype', () => {
    const suffix: Record<string, string> = { fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4', q4f16: '_q4f16', bnb4: '_bnb4' };
    for (const entry of catalog) {
      if (entry.runtime !== 'onnx') continue;
      expect(entry.source.files.map((f) => f.path)).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json', 'tokenizer_config.json']));
      for (const v of entry.variants) expect(v.files.map((f) => f.path)).toContain(`onnx/model${suffix[v.quant]}.onnx`);
    }
  });

  it('bundles every catalog file for the browser, parsed the same way', () => {
    expect([...CATALOG_FILES]).toEqual(readdirSync(DEFAULT_CATALOG_DIR).filter((f) => f.endsWith('.json')).sort());
    expect(bundledCatalog).toEqual(catalog);
  });

  it('rejects duplicate ids, a default quant without a variant and unsafe file paths', () => {
    const entry = findEntry(catalog, 'qwen2.5-0.5b-instruct-onnx');
    expect(catalogSchema.safeParse([entry, entry]).success).toBe(false);
    expect(catalogSchema.safeParse([{ ...entry, defaultQuant: 'bnb4' }]).success).toBe(false);
    if (entry.runtime !== 'onnx') throw new Error('expected an ONNX entry');
    const bad = { ...entry, source: { ...entry.source, files: [{ path: '../x', size: null, sha256: null }] } };
    expect(catalogSchema.safeParse([bad]).success).toBe(false);
  });

  it('plans a pull: shared files plus the variant; WebLLM starts from its index files', () => {
    const onnx = planPull(findEntry(catalog, 'qwen2.5-0.5b-instruct-onnx'), 'q4f16');
    expect(onnx.files.map((f) => f.path)).toContain('onnx/model_q4f16.onnx');
    expect(onnx.repo).toBe('onnx-community/Qwen2.5-0.5B-Instruct');
    const web = planPull(findEntry(catalog, 'qwen2.5-0.5b-instruct-webllm'));
    expect(web.repo).toBe('mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
    expect(web.files.map((f) => f.path)).toEqual(['mlc-chat-config.json', 'ndarray-cache.json', '_lib/Qwen2-0.5B-Instruct-q4f16_1_cs1k-webgpu.wasm']);
    // The model library comes from its own URL unless a mirror serves it beside the weights.
    expect(web.files[2]?.origin).toMatch(/^https:\/\/raw\.githubusercontent\.com\//);
    expect(() => planPull(findEntry(catalog, 'qwen2.5-0.5b-instruct-onnx'), 'q2')).toThrow(/no quantisation/);
    expect(() => findEntry(catalog, 'nope')).toThrow(/no model/);
  });
});
