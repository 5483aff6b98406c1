import { describe, expect, it } from 'vitest';
import { isNonCommercial, refForCustom, refForOption, sameModel, xttsModelOptions, xttsSourceFor } from './xtts-models';

describe('XTTS model choices', () => {
  const options = xttsModelOptions();

  it('offers each catalog variant with its download size, and flags the Coqui licence as non-commercial', () => {
    const int8 = options.find((o) => o.key === 'xtts-v2@int8');
    expect(int8).toMatchObject({ gptFile: 'gpt_model_int8.onnx', quant: 'int8' });
    expect(int8?.downloadBytes).toBeGreaterThan(500_000_000);
    expect(isNonCommercial(int8!.entry)).toBe(true);
    expect(isNonCommercial({ licence: { spdx: 'MIT', url: 'https://opensource.org/license/mit' } })).toBe(false);
  });

  it("loads a catalog model with its files' sizes and hashes and the fp32 external data as optional", () => {
    const fp32 = options.find((o) => o.key === 'xtts-v2@fp32')!;
    const ref = refForOption(fp32, 'hub');
    expect(ref).toEqual({ host: 'hub', repo: 'pltobing/XTTSv2-Streaming-ONNX', revision: 'main', quant: 'fp32', gptFile: 'gpt_model.onnx', folder: 'xtts_onnx' });
    const source = xttsSourceFor(ref);
    expect(source.expected?.map((f) => f.path)).toContain('gpt_model.onnx');
    expect(source.expected?.map((f) => f.path)).toContain('embeddings/text_embedding.npy');
    expect(source.optionalFiles).toEqual(['gpt_model.onnx_data']);
  });

  it('loads a custom repository from its listing, trimming input and defaulting the revision', () => {
    const ref = refForCustom({ repo: ' companion-test/test-tiny-xtts ', revision: '', quant: 'fp32', folder: '/' }, 'server');
    expect(ref).toEqual({ host: 'server', repo: 'companion-test/test-tiny-xtts', revision: 'main', quant: 'fp32', gptFile: 'gpt_model.onnx' });
    expect(xttsSourceFor(ref)).toEqual({ ...ref, optionalFiles: ['gpt_model.onnx_data'] });
    expect(sameModel(ref, { ...ref })).toBe(true);
    expect(sameModel(ref, { ...ref, host: 'hub' })).toBe(false);
  });
});
