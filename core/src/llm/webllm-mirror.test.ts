import { describe, expect, it } from 'vitest';
import { mirroredWebllmRecord, webllmLibPath, webllmRepo } from './webllm-mirror';

// Shaped like an entry of @mlc-ai/web-llm's prebuiltAppConfig.model_list.
const record = {
  model_id: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
  model: 'https://huggingface.co/mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
  model_lib: 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_80/Qwen2-0.5B-Instruct-q4f16_1-ctx4k_cs1k-webgpu.wasm',
  vram_required_MB: 944,
};

describe('mirroredWebllmRecord', () => {
  it('takes every URL from the mirror: the weights repo and the compiled library the puller stored beside them', () => {
    const m = mirroredWebllmRecord(record, 'http://me.local:3000/models/');
    expect(m.model).toBe('http://me.local:3000/models/mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
    expect(m.model_lib).toBe(
      'http://me.local:3000/models/mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC/resolve/main/_lib/Qwen2-0.5B-Instruct-q4f16_1-ctx4k_cs1k-webgpu.wasm',
    );
    for (const v of Object.values(m)) if (typeof v === 'string' && v.includes('://')) expect(v.startsWith('http://me.local:3000/models/')).toBe(true);
    expect(m.vram_required_MB).toBe(944);
    // A host without the trailing slash means the same folder.
    expect(mirroredWebllmRecord(record, 'http://me.local:3000/models')).toEqual(m);
  });

  it('names the library path and repo as the puller stores them', () => {
    expect(webllmLibPath(record.model_lib)).toBe('_lib/Qwen2-0.5B-Instruct-q4f16_1-ctx4k_cs1k-webgpu.wasm');
    expect(webllmRepo(record.model)).toBe('mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
  });
});
