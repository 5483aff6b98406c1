import { describe, expect, it } from 'vitest';
import { bundledCatalog } from '@companion/models/catalog-static';
import { storeListingSchema, type StoreListing } from '@companion/core/schemas';
import { storeModelOptions } from './store-models';

const webllmEntry = bundledCatalog.find((e) => e.runtime === 'webllm')!;
const webllmVariant = webllmEntry.runtime === 'webllm' ? webllmEntry.variants[0]! : null;

const listing: StoreListing = storeListingSchema.parse([
  { id: 'companion-test/test-tiny-llm', revision: 'main', catalogId: 'test-tiny-llm', runtime: 'onnx', quants: ['fp32', 'q4'], name: 'Test model: tiny LLM', testModel: true },
  { id: 'companion-test/test-tiny-xtts', revision: 'main', catalogId: 'test-tiny-xtts', runtime: 'xtts', quants: ['fp32'] },
  { id: 'mlc-ai/some-model', revision: 'main', catalogId: webllmEntry.id, runtime: 'webllm', quants: [webllmVariant!.quant] },
]);

describe('storeModelOptions', () => {
  it('offers each stored ONNX precision to the transformers.js engines, labelled as a test model where it is one', () => {
    const options = storeModelOptions(listing, 'onnx-wasm', bundledCatalog);
    expect(options.map((o) => o.model)).toEqual([
      { id: 'companion-test/test-tiny-llm', dtype: 'fp32' },
      { id: 'companion-test/test-tiny-llm', dtype: 'q4' },
    ]);
    expect(options[0]?.label).toBe('Test model: tiny LLM (fp32) [test model]');
    expect(storeModelOptions(listing, 'onnx-webgpu', bundledCatalog)).toHaveLength(2);
  });

  it('offers WebLLM pulls to WebLLM by their prebuilt id, and never a voice model', () => {
    const options = storeModelOptions(listing, 'webllm', bundledCatalog);
    expect(options.map((o) => o.model)).toEqual([{ id: webllmVariant!.modelId }]);
    for (const engine of ['webllm', 'onnx-wasm', 'onnx-webgpu'] as const) {
      expect(storeModelOptions(listing, engine, bundledCatalog).some((o) => o.model.id.includes('xtts'))).toBe(false);
    }
  });

  it('an empty store offers nothing', () => {
    expect(storeModelOptions([], 'onnx-wasm', bundledCatalog)).toEqual([]);
  });
});
