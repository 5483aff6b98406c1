// The committed catalogs parse; WebLLM entries agree with the installed @mlc-ai/web-llm prebuilt config; voice models
// stay out of the chat catalog.
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogSchema, DEFAULT_CATALOG_DIR, findEntry, findPullable, loadCatalog, loadVoiceCatalog, voiceCatalogSchema, withLocalCatalog } from './catalog.ts';
import { bundledCatalog, bundledVoiceCatalog, CATALOG_FILES, VOICE_CATALOG_FILES } from './catalog-static.ts';
import { planPull } from './download/pull.ts';

const catalog = loadCatalog();
const voices = loadVoiceCatalog();

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

describe('voice catalog', () => {
  const xtts = voices.find((e) => e.id === 'xtts-v2');

  it('has XTTS-v2 from the real export with the 17 languages of the contract, int8 by default', () => {
    expect(xtts?.source).toMatchObject({ repo: 'pltobing/XTTSv2-Streaming-ONNX', revision: 'main', folder: 'xtts_onnx' });
    expect(xtts?.languages).toEqual(['en', 'es', 'fr', 'de', 'it', 'pt', 'pl', 'tr', 'ru', 'nl', 'cs', 'ar', 'zh-cn', 'ja', 'hu', 'ko', 'hi']);
    expect(xtts?.defaultQuant).toBe('int8');
    expect(xtts?.variants.map((v) => [v.quant, v.gptFile])).toEqual([
      ['fp32', 'gpt_model.onnx'],
      ['int8', 'gpt_model_int8.onnx'],
    ]);
    expect(xtts?.source.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['metadata.json', 'vocab.json', 'mel_stats.npy', 'conditioning_encoder.onnx', 'speaker_encoder.onnx', 'hifigan_vocoder.onnx', 'embeddings/text_embedding.npy']),
    );
  });

  it('is bundled for the browser, parsed the same way, and never inside the chat catalog', () => {
    expect([...VOICE_CATALOG_FILES]).toEqual(readdirSync(join(DEFAULT_CATALOG_DIR, 'voice')).filter((f) => f.endsWith('.json')).sort());
    expect(bundledVoiceCatalog).toEqual(voices);
    const chatIds = new Set(bundledCatalog.map((e) => e.id));
    for (const v of voices) expect(chatIds.has(v.id), v.id).toBe(false);
    expect(bundledCatalog.every((e) => e.runtime === 'onnx' || e.runtime === 'webllm')).toBe(true);
  });

  it('plans repository paths inside the export folder; the fp32 external-data file is optional', () => {
    const int8 = planPull(findPullable(catalog, voices, 'xtts-v2'));
    expect(int8).toMatchObject({ quant: 'int8', runtime: 'xtts', repo: 'pltobing/XTTSv2-Streaming-ONNX', useListing: true, optional: [] });
    expect(int8.files.map((f) => f.path)).toContain('xtts_onnx/gpt_model_int8.onnx');
    expect(int8.files.map((f) => f.path)).toContain('xtts_onnx/embeddings/mel_embedding.npy');
    expect(int8.files.map((f) => f.path)).not.toContain('xtts_onnx/gpt_model.onnx');
    const fp32 = planPull(findPullable(catalog, voices, 'xtts-v2'), 'fp32');
    expect(fp32.optional.map((f) => f.path)).toEqual(['xtts_onnx/gpt_model.onnx_data']);
    expect(() => planPull(findPullable(catalog, voices, 'xtts-v2'), 'q4')).toThrow(/no quantisation q4/);
    expect(() => findPullable(catalog, voices, 'nope')).toThrow(/no model/);
  });

  it('refuses a gptFile outside its variant, a default without a variant, and a folder with ..', () => {
    if (!xtts) throw new Error('xtts-v2 missing');
    const [fp32, int8] = xtts.variants;
    expect(voiceCatalogSchema.safeParse([xtts]).success).toBe(true);
    expect(voiceCatalogSchema.safeParse([{ ...xtts, variants: [{ ...fp32, gptFile: 'gpt_model_int8.onnx' }, int8] }]).success).toBe(false);
    expect(voiceCatalogSchema.safeParse([{ ...xtts, variants: [fp32] }]).success).toBe(false);
    expect(voiceCatalogSchema.safeParse([{ ...xtts, source: { ...xtts.source, folder: '../x' } }]).success).toBe(false);
  });

  it('reads a catalog folder without voice/ as no voice models, and names a broken file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'voice-catalog-'));
    try {
      expect(loadVoiceCatalog(dir)).toEqual([]);
      mkdirSync(join(dir, 'voice'));
      writeFileSync(join(dir, 'voice', 'broken.json'), JSON.stringify({ id: 'x', runtime: 'xtts' }));
      expect(() => loadVoiceCatalog(dir)).toThrow(/voice\/broken\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('local catalog entries in <MODELS_DIR>/.catalog', () => {
  it('adds the operator\'s entries, refuses one that shadows a bundled id, and names a broken file', () => {
    const store = mkdtempSync(join(tmpdir(), 'local-catalog-'));
    try {
      expect(withLocalCatalog(catalog, store)).toBe(catalog);
      mkdirSync(join(store, '.catalog'));
      const onnx = catalog.find((e) => e.runtime === 'onnx');
      if (!onnx) throw new Error('no bundled ONNX entry');
      const mine = { ...onnx, id: 'my-own-model', name: 'My own model' };
      writeFileSync(join(store, '.catalog', 'mine.json'), JSON.stringify(mine));
      const merged = withLocalCatalog(catalog, store);
      expect(merged.map((e) => e.id)).toEqual([...catalog.map((e) => e.id), mine.id]);

      const first = catalog[0];
      if (!first) throw new Error('empty bundled catalog');
      writeFileSync(join(store, '.catalog', 'clash.json'), JSON.stringify({ ...mine, id: first.id }));
      expect(() => withLocalCatalog(catalog, store)).toThrow(/already a bundled catalog id/);

      writeFileSync(join(store, '.catalog', 'clash.json'), '{"id": 1}');
      expect(() => withLocalCatalog(catalog, store)).toThrow(/clash\.json/);
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });
});
