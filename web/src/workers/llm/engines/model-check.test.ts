import { CodedError } from '@companion/core/errors';
import { describe, expect, it } from 'vitest';
import { checkServerHasModel, describeLoadError, requiredOnnxFiles } from './model-check';

const mirror = { id: 'owner/model', host: 'https://me.test/models/' };
const hub = { id: 'owner/model' };
const answer = (status: number, body: unknown): typeof fetch => () => Promise.resolve(new Response(JSON.stringify(body), { status }));

describe('checkServerHasModel', () => {
  it('asks the mirror only; Hugging Face and an unreachable host are left to the loader', async () => {
    let asked = 0;
    const counting: typeof fetch = () => (asked++, Promise.reject(new TypeError('offline')));
    await checkServerHasModel(hub, 'q4', counting);
    await checkServerHasModel({ ...hub, host: 'https://huggingface.co/' }, 'q4', counting);
    expect(asked).toBe(0);
    await expect(checkServerHasModel(mirror, 'q4', counting)).resolves.toBeUndefined();
    expect(asked).toBe(1);
  });

  it('a 404 listing is MODEL_NOT_ON_SERVER with a pull hint', async () => {
    const err = await checkServerHasModel(mirror, 'q4', answer(404, { error: { code: 'MODEL_NOT_FOUND', message: 'x' } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodedError);
    expect(err).toMatchObject({ code: 'MODEL_NOT_ON_SERVER', message: expect.stringContaining('npm run models -- pull') });
  });

  it('a listing without a needed file is MODEL_FILE_MISSING naming the files', async () => {
    const listing = requiredOnnxFiles('q4').filter((f) => f !== 'tokenizer_config.json').map((path) => ({ type: 'file', path, size: 1 }));
    await expect(checkServerHasModel(mirror, 'q4', answer(200, listing))).rejects.toMatchObject({ code: 'MODEL_FILE_MISSING', message: expect.stringContaining('tokenizer_config.json') });
    const full = requiredOnnxFiles('q8').map((path) => ({ type: 'file', path, size: 1 }));
    expect(requiredOnnxFiles('q8')).toContain('onnx/model_quantized.onnx');
    await expect(checkServerHasModel(mirror, 'q8', answer(200, full))).resolves.toBeUndefined();
  });
});

describe('describeLoadError', () => {
  it("turns transformers.js's TypeError on a missing config into MODEL_FILE_INVALID, keeping the library's words in details only", () => {
    const e = describeLoadError(new TypeError("Cannot read properties of undefined (reading 'tokenizer_class')"), mirror);
    expect(e.code).toBe('MODEL_FILE_INVALID');
    expect(e.message).not.toMatch(/Cannot read/);
    expect(e.message).toMatch(/npm run models -- pull <id> --verify/);
    expect(e.details).toMatchObject({ reason: expect.stringContaining('tokenizer_class') });
  });

  it('sorts missing files, garbled JSON and other failures, and keeps coded errors', () => {
    expect(describeLoadError(new Error('Could not locate file: "https://x/config.json".'), hub).code).toBe('MODEL_FILE_MISSING');
    expect(describeLoadError(new SyntaxError('Unexpected token < in JSON at position 0'), mirror).code).toBe('MODEL_FILE_INVALID');
    expect(describeLoadError(new Error('protobuf parsing failed'), mirror).code).toBe('MODEL_FILE_INVALID');
    expect(describeLoadError(new Error('socket hang up'), mirror)).toMatchObject({ code: 'MODEL_LOAD_FAILED', recoverable: true });
    const coded = new CodedError('GPU_OUT_OF_MEMORY', 'x');
    expect(describeLoadError(coded, mirror)).toBe(coded);
  });
});
