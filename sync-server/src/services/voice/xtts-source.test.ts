// XTTS from a pulled voice model: found in MODELS_DIR (XTTS_MODEL picks), checked against its manifest (C3) and only then
// loaded; a corrupted or missing model is refused and the voice engine reports why.
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XttsModel } from '@companion/core/speech/xtts';
import type { VoiceCatalog } from '../../../../core/src/schemas/voice-models.ts';
import { pullModel } from '../../../../models/src/download/pull.ts';
import { manifestPath, readManifest, revisionDir } from '../../../../models/src/download/store.ts';
import { startTestMirror } from '../../../../models/src/download/test-mirror.ts';
import { ensureTinyXtts, installTinyXtts, tinyXttsCatalogEntry } from '../../../../models/src/fixtures/index.ts';
import { ConfigError } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { loadVoiceConfig } from './config.ts';
import { VoiceEngineRegistry } from './engines.ts';
import { findPulledXtts, xttsLoader } from './xtts-source.ts';

const tmp = mkdtempSync(join(tmpdir(), 'xtts-source-'));
let tiny = '';
let n = 0;
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => {
  tiny = ensureTinyXtts();
});

/** A store holding test-tiny-xtts as installTinyXtts leaves it. */
async function tinyStore(): Promise<{ store: string; dir: string }> {
  const store = join(tmp, `store-${++n}`);
  const { dir } = await installTinyXtts(store);
  return { store, dir };
}

/** Records which folders and GPT files were loaded, so a refused model can be shown never to reach the runtime. */
function spyLoad() {
  const calls: { dir: string; gptFile?: string }[] = [];
  const load = async (dir: string, opts: { gptFile?: string }) => {
    calls.push({ dir, ...opts });
    return { config: { layers: 2 } } as unknown as XttsModel;
  };
  return { calls, load };
}

const env = (vars: Record<string, string> = {}) => loadVoiceConfig(vars);

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('xttsLoader', () => {
  it('gives no XTTS when nothing is configured or pulled', async () => {
    expect(await xttsLoader({ config: env(), modelsDir: join(tmp, 'empty'), catalog: [] })).toBeUndefined();
  });

  it('loads a pulled test-tiny-xtts on onnxruntime-node, found without XTTS_MODEL, with its GPT file', async () => {
    const { store, dir } = await tinyStore();
    const loader = await xttsLoader({ config: env(), modelsDir: store, catalog: [] });
    const registry = new VoiceEngineRegistry({ ...(loader ? { xtts: loader } : {}) });
    const model = await registry.xttsModel();
    // The tiny fixture's own shape, read from the store's copy of its metadata.json.
    expect(model.config).toMatchObject({ layers: 2, width: 32 });
    expect((await registry.state()).xtts).toBe('ready');
    expect((await findPulledXtts({ config: env(), modelsDir: store, catalog: [] }))?.dir).toBe(dir);
  });

  it('uses XTTS_MODEL_DIR as it is, without looking in the store', async () => {
    const { store } = await tinyStore();
    const spy = spyLoad();
    const loader = await xttsLoader({ config: env({ XTTS_MODEL_DIR: '/opt/xtts' }), modelsDir: store, catalog: [], load: spy.load });
    await loader?.();
    expect(spy.calls).toEqual([{ dir: '/opt/xtts' }]);
  });

  it('refuses a model whose file changed since the pull (same size, other bytes): 409 MODEL_CORRUPTED, never loaded', async () => {
    const { store, dir } = await tinyStore();
    const gpt = join(dir, 'gpt_model.onnx');
    const bytes = readFileSync(gpt);
    bytes[300] = (bytes[300] ?? 0) ^ 0xff;
    writeFileSync(gpt, bytes);
    const spy = spyLoad();
    const loader = await xttsLoader({ config: env(), modelsDir: store, catalog: [], load: spy.load });
    expect(loader).toBeDefined();
    const err = await rejection(loader!());
    expect(err).toMatchObject({ code: 'MODEL_CORRUPTED', status: 409 });
    expect(err.message).toMatch(/gpt_model\.onnx: sha256 mismatch.*pull test-tiny-xtts --quant fp32 --verify/);
    // Through the registry: the engine is unavailable and says why; asking again is still refused.
    const registry = new VoiceEngineRegistry({ xtts: loader! });
    const unavailable = await rejection(registry.xttsModel());
    expect(unavailable).toMatchObject({ code: 'VOICE_ENGINE_UNAVAILABLE', status: 503 });
    expect(unavailable.message).toContain('MODEL_CORRUPTED');
    expect(await registry.state()).toMatchObject({ xtts: 'error', xttsDetail: expect.stringContaining('MODEL_CORRUPTED') });
    expect((await rejection(registry.xttsModel())).code).toBe('VOICE_ENGINE_UNAVAILABLE');
    expect(spy.calls).toEqual([]);
  });

  it('refuses a truncated file by its size', async () => {
    const { store, dir } = await tinyStore();
    truncateSync(join(dir, 'embeddings', 'text_embedding.npy'), 100);
    const spy = spyLoad();
    const loader = await xttsLoader({ config: env(), modelsDir: store, catalog: [], load: spy.load });
    const err = await rejection(loader!());
    expect(err.code).toBe('MODEL_CORRUPTED');
    expect(err.message).toMatch(/text_embedding\.npy: 100 bytes, expected \d+/);
    expect(spy.calls).toEqual([]);
  });

  it('ignores an unfinished pull', async () => {
    const { store } = await tinyStore();
    const path = manifestPath(store, 'test-tiny-xtts', 'fp32');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), complete: false }));
    expect(await xttsLoader({ config: env(), modelsDir: store, catalog: [] })).toBeUndefined();
  });

  it('XTTS_MODEL picks the pulled variant; a variant not pulled is reported (and found once it is pulled)', async () => {
    const { store } = await tinyStore();
    const spy = spyLoad();
    const picked = await xttsLoader({ config: env({ XTTS_MODEL: 'test-tiny-xtts@fp32' }), modelsDir: store, catalog: [], load: spy.load });
    await picked?.();
    expect(spy.calls).toEqual([{ dir: revisionDir(store, 'companion-test/test-tiny-xtts', 'main'), gptFile: 'gpt_model.onnx' }]);
    const missing = await xttsLoader({ config: env({ XTTS_MODEL: 'test-tiny-xtts@int8' }), modelsDir: store, catalog: [], load: spy.load });
    const err = await rejection(missing!());
    expect(err).toMatchObject({ code: 'MODEL_NOT_DOWNLOADED', status: 409 });
    expect(err.message).toContain('npm run models -- pull test-tiny-xtts --quant int8');
    const registry = new VoiceEngineRegistry({ xtts: missing! });
    expect((await rejection(registry.xttsModel())).message).toMatch(/not pulled/);
    // Pulled after start-up: the next attempt finds it (the manifest naming gives gpt_model_int8.onnx).
    const dir = revisionDir(store, 'companion-test/test-tiny-xtts', 'main');
    cpSync(join(dir, 'gpt_model.onnx'), join(dir, 'gpt_model_int8.onnx'));
    const fp32 = await readManifest(store, 'test-tiny-xtts', 'fp32');
    const gpt = fp32!.files.find((f) => f.path === 'gpt_model.onnx')!;
    const files = [...fp32!.files.filter((f) => f !== gpt), { ...gpt, path: 'gpt_model_int8.onnx' }];
    writeFileSync(manifestPath(store, 'test-tiny-xtts', 'int8'), JSON.stringify({ ...fp32, quant: 'int8', files }));
    await registry.xttsModel();
    expect(spy.calls.at(-1)).toEqual({ dir, gptFile: 'gpt_model_int8.onnx' });
  });

  it('refuses at start-up an XTTS_MODEL quant the catalog entry does not have', async () => {
    const catalog: VoiceCatalog = [tinyXttsCatalogEntry(tiny)];
    await expect(xttsLoader({ config: env({ XTTS_MODEL: 'test-tiny-xtts@int8' }), modelsDir: join(tmp, 'none'), catalog })).rejects.toBeInstanceOf(ConfigError);
  });

  it('loads a model pulled from a mirror inside its export folder, preferring catalog models to others', async () => {
    const repo = 'acme/XTTS-Test-ONNX';
    const source = join(tmp, 'source');
    cpSync(tiny, join(revisionDir(source, repo, 'main'), 'xtts_onnx'), { recursive: true });
    const mirror = await startTestMirror(source, { treeListing: {} });
    const { store } = await tinyStore();
    const entry = { ...tinyXttsCatalogEntry(tiny, { hashes: false, repo, folder: 'xtts_onnx' }), id: 'zz-xtts' };
    try {
      await pullModel(entry, { store, mirror: mirror.url, retries: 0 });
    } finally {
      await mirror.close();
    }
    const spy = spyLoad();
    // test-tiny-xtts sorts first by name, but zz-xtts is in the catalog.
    const loader = await xttsLoader({ config: env(), modelsDir: store, catalog: [entry], load: spy.load });
    await loader?.();
    expect(spy.calls).toEqual([{ dir: join(revisionDir(store, repo, 'main'), 'xtts_onnx'), gptFile: 'gpt_model.onnx' }]);
  });
});
