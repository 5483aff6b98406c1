import { describe, expect, it } from 'vitest';
import { chooseBackend } from './xtts-ort';
import { checkXttsSource, hostBase, repoPath, xttsModelKey, type XttsSource } from './xtts-source';

const OK: XttsSource = { host: 'hub', repo: 'pltobing/XTTSv2-Streaming-ONNX', revision: 'main', quant: 'int8', gptFile: 'gpt_model_int8.onnx', folder: 'xtts_onnx' };

describe('XTTS model sources', () => {
  it('name files inside the export folder and hosts as Hugging Face layout bases', () => {
    expect(repoPath(OK, 'embeddings/mel_embedding.npy')).toBe('xtts_onnx/embeddings/mel_embedding.npy');
    expect(repoPath({}, 'vocab.json')).toBe('vocab.json');
    expect(hostBase('server', 'http://localhost:3000')).toBe('http://localhost:3000/models/');
    expect(hostBase('hub', 'http://localhost:3000')).toBe('https://huggingface.co/');
    expect(xttsModelKey(OK)).toBe('hub:pltobing/XTTSv2-Streaming-ONNX@main#int8');
  });

  it.each([
    { repo: '../x' },
    { repo: 'a/b/c' },
    { revision: '..' },
    { gptFile: '../gpt_model.onnx' },
    { gptFile: 'gpt_model.bin' },
    { folder: 'a/../../b' },
    { host: 'evil' as 'hub' },
    { quant: 'q4' as 'int8' },
    { optionalFiles: ['/etc/passwd'] },
  ])('refuses %o with XTTS_BAD_SOURCE', (patch) => {
    expect(() => checkXttsSource({ ...OK, ...patch })).toThrow(expect.objectContaining({ code: 'XTTS_BAD_SOURCE' }));
  });

  it('accepts a well-formed source', () => {
    expect(checkXttsSource(OK)).toBe(OK);
  });
});

describe('chooseBackend', () => {
  const withAdapter = { requestAdapter: async () => ({}) };
  const noAdapter = { requestAdapter: async () => null };
  it('takes WebGPU when an adapter exists, else WASM with the reason', async () => {
    expect(await chooseBackend('auto', withAdapter)).toEqual({ backend: 'webgpu', reason: 'this device has WebGPU' });
    expect(await chooseBackend('auto', noAdapter)).toEqual({ backend: 'wasm', reason: 'WebGPU has no adapter here' });
    expect(await chooseBackend('auto', undefined)).toEqual({ backend: 'wasm', reason: 'this browser has no WebGPU' });
    expect((await chooseBackend('wasm', withAdapter)).backend).toBe('wasm');
  });
  it('refuses an explicit WebGPU choice without an adapter', async () => {
    await expect(chooseBackend('webgpu', noAdapter)).rejects.toMatchObject({ code: 'XTTS_NO_WEBGPU' });
  });
});
