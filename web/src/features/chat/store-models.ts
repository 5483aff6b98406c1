// The models your own server's store holds (GET /models/api/models), as picker options for "Download from: my
// server": the browser loads their files from that store, so only what is there can load.
import { useEffect, useState } from 'react';
import { storeListingSchema, type CatalogEntry, type StoreListing } from '@companion/core/schemas';
import type { LlmEngineKind } from '@companion/core/llm';
import type { ModelOption } from '../models/choose-model';

export type StoreModels =
  | { state: 'off' | 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; models: StoreListing };

/**
 * The store's chat models the engine can load: ONNX pulls for the transformers.js engines (one option per stored
 * precision), WebLLM pulls for WebLLM (its prebuilt id comes from the catalog variant). Voice models never appear.
 */
export function storeModelOptions(listing: StoreListing, engine: LlmEngineKind, catalog: readonly CatalogEntry[]): ModelOption[] {
  const options: ModelOption[] = [];
  for (const m of listing) {
    const entry = catalog.find((e) => e.id === m.catalogId);
    const name = m.name ?? entry?.name ?? m.id;
    for (const quant of m.quants) {
      const base = { key: `store:${m.id}@${quant}`, downloadBytes: null, memoryBytes: 0, runnable: true, warning: null, reason: null };
      const label = `${name} (${quant})${m.testModel ? ' [test model]' : ''}`;
      if (m.runtime === 'onnx' && engine !== 'webllm') options.push({ ...base, label, model: { id: m.id, dtype: quant } });
      if (m.runtime === 'webllm' && engine === 'webllm' && entry?.runtime === 'webllm') {
        const variant = entry.variants.find((v) => v.quant === quant);
        if (variant) options.push({ ...base, label, model: { id: variant.modelId } });
      }
    }
  }
  return options;
}

export function useStoreModels(enabled: boolean): StoreModels {
  const [result, setResult] = useState<StoreModels>({ state: 'off' });
  useEffect(() => {
    if (!enabled) return setResult({ state: 'off' });
    let cancelled = false;
    setResult({ state: 'loading' });
    fetch('/models/api/models', { headers: { accept: 'application/json' } })
      .catch(() => {
        throw new Error('Your server could not be reached for its model list.');
      })
      .then(async (res) => {
        if (!res.ok) throw new Error(`Your server answered ${res.status} for its model list.`);
        const parsed = storeListingSchema.safeParse(await res.json());
        if (!parsed.success) throw new Error('Your server sent a model list this app cannot read; is it the same version?');
        if (!cancelled) setResult({ state: 'ready', models: parsed.data });
      })
      .catch((e: unknown) => {
        if (!cancelled) setResult({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      });
    return () => {
      cancelled = true;
    };
  }, [enabled]);
  return result;
}
