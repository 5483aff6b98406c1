// XttsHost on test-tiny-xtts with onnxruntime-web's WASM runtime in Node: load once, clone with steps, streamed speech
// equal to XttsModel's own, one job at a time, cancellation, and voices from another model refused.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { XttsModel, makeVoice, voiceFromBytes, voiceToBytes, type XttsSession } from '@companion/core/speech/xtts';
import { ensureTinyXtts } from '@companion/models/fixtures';
import { XttsHost, type XttsCloneProgress, type XttsSpokenChunk } from './xtts-host';
import { sessionsFrom, type XttsRuntimeFactory } from './xtts-ort';
import type { XttsSource } from './xtts-source';

const SOURCE: XttsSource = { host: 'server', repo: 'companion-test/test-tiny-xtts', revision: 'main', quant: 'fp32', gptFile: 'gpt_model.onnx' };
let dir = '';
let runtimes = 0;

const tensor: XttsRuntimeFactory['tensor'] = (type, data, dims) => new ort.Tensor(type, data, [...dims]);

function host(): XttsHost {
  return new XttsHost({
    createRuntime: async () => {
      runtimes++;
      return {
        backend: 'wasm',
        reason: 'test',
        tensor,
        createSession: async (bytes, externalData) =>
          (await ort.InferenceSession.create(bytes, externalData ? { externalData: [externalData] } : {})) as unknown as XttsSession,
      };
    },
    openSource: async () => ({ read: async (p) => new Uint8Array(await readFile(join(dir, p))), present: new Set() }),
  });
}

/** Three seconds of a voiced-ish signal at 22.05 kHz: enough for both encoders, no file needed. */
function sample(): Float32Array {
  return Float32Array.from({ length: 22050 * 3 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 180 * i) / 22050) * (0.6 + 0.4 * Math.sin(i / 3000)));
}

async function speakAll(h: XttsHost, text: string, seed: number, signal?: AbortSignal) {
  const chunks: XttsSpokenChunk[] = [];
  const summary = await h.speak(text, 'v1', { seed }, (c) => chunks.push(c), signal);
  const all = new Float32Array(chunks.reduce((a, c) => a + c.samples.length, 0));
  chunks.reduce((at, c) => (all.set(c.samples, at), at + c.samples.length), 0);
  return { chunks, summary, all };
}

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
  dir = ensureTinyXtts();
});

describe('XttsHost (TTS worker)', () => {
  it('loads once per model, clones in reported steps and streams speech equal to XttsModel on the same runtime', async () => {
    const h = host();
    const before = runtimes;
    const info = await h.load(SOURCE, 'auto');
    expect(info).toMatchObject({ backend: 'wasm', sampleRate: 24000, key: 'server:companion-test/test-tiny-xtts@main#fp32' });
    expect(await h.load(SOURCE, 'auto')).toBe(info);
    expect(runtimes - before).toBe(1);

    const steps: XttsCloneProgress[] = [];
    const bytes = await h.clone(sample(), 22050, (p) => steps.push(p));
    expect(steps.map((s) => s.done)).toEqual([0, 1, 3]);
    h.registerVoice('v1', bytes);

    const { chunks, summary, all } = await speakAll(h, 'Hello world, this is a test.', 5);
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
    expect(chunks.length).toBeGreaterThan(1); // streamed, not one block
    expect(chunks.map((c) => c.startSample)).toEqual(chunks.map((_, i) => chunks.slice(0, i).reduce((a, c) => a + c.samples.length, 0)));
    expect(chunks.every((c) => c.mouth.length > 0)).toBe(true);
    expect(summary).toMatchObject({ samples: all.length, chunks: chunks.length, backend: 'wasm', sampleRate: 24000 });

    const reference = await XttsModel.load({
      readFile: async (p) => new Uint8Array(await readFile(join(dir, p))),
      createSession: async (_g, file) => (await ort.InferenceSession.create(new Uint8Array(await readFile(join(dir, file))))) as unknown as XttsSession,
      tensor,
    });
    const voice = await reference.cloneVoice(sample(), 22050);
    expect(voiceFromBytes(bytes).condLatent).toEqual(voice.condLatent);
    expect(all).toEqual(await reference.synthesize('Hello world, this is a test.', voice, { seed: 5 }));
    // Two full model loads and syntheses on onnxruntime-node: seconds on a busy two-core machine.
  }, 60_000);

  it('runs jobs one at a time in the order asked, and a cancelled job ends with TTS_ABORTED without stopping the next', async () => {
    const h = host();
    await h.load(SOURCE, 'wasm');
    h.registerVoice('v1', await h.clone(sample(), 22050));
    const order: string[] = [];
    const controller = new AbortController();
    const first = h.speak('First sentence.', 'v1', { seed: 1 }, () => order.push('first'));
    const cancelled = h.speak('Cancelled one.', 'v1', { seed: 1 }, () => order.push('cancelled'), controller.signal);
    const third = h.speak('Third sentence.', 'v1', { seed: 1 }, () => order.push('third'));
    controller.abort();
    await first;
    await expect(cancelled).rejects.toMatchObject({ code: 'TTS_ABORTED' });
    await third;
    expect(order.filter((o) => o === 'cancelled')).toEqual([]);
    expect(order.indexOf('third')).toBeGreaterThan(order.lastIndexOf('first'));
  });

  it('refuses voices of another model, unknown voices, and work before a model is loaded', async () => {
    const h = host();
    await expect(h.clone(sample(), 22050)).rejects.toMatchObject({ code: 'XTTS_NOT_LOADED' });
    await h.load(SOURCE, 'wasm');
    const foreign = voiceToBytes(makeVoice(new Float32Array(32 * 1024), 32, new Float32Array(512)));
    expect(() => h.registerVoice('x', foreign)).toThrow(expect.objectContaining({ code: 'TTS_UNKNOWN_VOICE' }));
    await expect(h.speak('Hi.', 'nobody', {}, () => undefined)).rejects.toMatchObject({ code: 'TTS_UNKNOWN_VOICE' });
    await expect(h.load({ ...SOURCE, repo: '../etc' }, 'wasm')).rejects.toMatchObject({ code: 'XTTS_BAD_SOURCE' });
  });
});

describe('sessionsFrom', () => {
  it("passes the GPT's external data under the base name the graph refers to, and nothing for other graphs", async () => {
    const made: Array<{ bytes: number[]; ext?: { path: string; data: number[] } }> = [];
    const runtime: XttsRuntimeFactory = {
      backend: 'wasm',
      reason: 'test',
      tensor,
      createSession: async (bytes, ext) => {
        made.push({ bytes: [...bytes], ext: ext && { path: ext.path, data: [...ext.data] } });
        return { run: async () => ({}) };
      },
    };
    const files: Record<string, number[]> = { 'gpt_model.onnx': [1], 'gpt_model.onnx_data': [2, 3], 'speaker_encoder.onnx': [4] };
    const create = sessionsFrom(runtime, async (p) => Uint8Array.from(files[p]!), (f) => (f === 'gpt_model.onnx' ? 'gpt_model.onnx_data' : undefined));
    await create('gpt_model', 'gpt_model.onnx');
    await create('speaker_encoder', 'speaker_encoder.onnx');
    expect(made).toEqual([{ bytes: [1], ext: { path: 'gpt_model.onnx_data', data: [2, 3] } }, { bytes: [4], ext: undefined }]);
  });
});
