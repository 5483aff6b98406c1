// Chooses the engine and model to load: with "Download from: my server", the models that server's store has; from
// Hugging Face, catalog models that fit this device first; or any Hugging Face id.
import { useMemo, useState, type FormEvent } from 'react';
import type { LlmEngineKind, ModelRef } from '@companion/core/llm';
import type { DeviceCapabilities } from '../capabilities/detect';
import { bundledCatalog as CATALOG } from '@companion/models/catalog-static';
import { modelOptions } from '../models/choose-model';
import { serverModelOptions, useServerModels } from './server-models';
import { storeModelOptions, useStoreModels } from './store-models';
import { formatBytes } from '../../lib/format-bytes';

const ENGINES: Array<{ kind: LlmEngineKind; label: string }> = [
  { kind: 'webllm', label: 'WebLLM (WebGPU)' },
  { kind: 'onnx-webgpu', label: 'ONNX on WebGPU' },
  { kind: 'onnx-wasm', label: 'ONNX on CPU (WebAssembly)' },
  { kind: 'remote', label: 'My server' },
];
const CUSTOM = 'custom';

export type ModelSource = 'server' | 'hub';

export interface ModelChoice {
  engine: LlmEngineKind;
  model: ModelRef;
  downloadBytes: number | null;
}

interface Props {
  recommended: LlmEngineKind;
  caps: DeviceCapabilities | null;
  disabled: boolean;
  onLoad(choice: ModelChoice): void;
}

export function ModelPicker({ recommended, caps, disabled, onLoad }: Props) {
  const [engine, setEngine] = useState<LlmEngineKind>(recommended);
  const [source, setSource] = useState<ModelSource>('server');
  const fromStore = engine !== 'remote' && source === 'server';
  const serverModels = useServerModels(engine === 'remote');
  const storeModels = useStoreModels(fromStore);
  const options = useMemo(() => {
    if (engine === 'remote') return serverModels.state === 'ready' ? serverModelOptions(serverModels.models) : [];
    // Files come from the server's store: offering what it does not hold would only end in MODEL_NOT_ON_SERVER.
    if (fromStore) return storeModels.state === 'ready' ? storeModelOptions(storeModels.models, engine, CATALOG) : [];
    return modelOptions(CATALOG, engine, caps);
  }, [engine, caps, serverModels, storeModels, fromStore]);
  // null: follow the first runnable option, so a list that arrives late (server, store) gets a sensible pick
  // without overriding what the user chose by hand.
  const [picked, setPicked] = useState<string | null>(null);
  const selected = picked ?? options.find((o) => o.runnable)?.key ?? CUSTOM;
  const [customId, setCustomId] = useState('');
  const [customDtype, setCustomDtype] = useState('q4');
  const option = options.find((o) => o.key === selected);
  const isCustom = !option;

  // A hand-picked "other model" survives engine and source changes; a picked list entry belongs to its list.
  const keepCustomOnly = () => setPicked((p) => (p === CUSTOM ? CUSTOM : null));
  const changeEngine = (next: LlmEngineKind) => {
    setEngine(next);
    keepCustomOnly();
  };
  const changeSource = (next: ModelSource) => {
    setSource(next);
    keepCustomOnly();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const host = source === 'server' ? new URL('/models/', window.location.origin).href : undefined;
    if (option) onLoad({ engine, model: { ...option.model, host }, downloadBytes: option.downloadBytes });
    else onLoad({ engine, model: { id: customId.trim(), dtype: customDtype, host }, downloadBytes: null });
  };

  return (
    <form className="model-picker" onSubmit={submit} aria-label="Choose a model">
      <label>
        Engine
        <select value={engine} onChange={(e) => changeEngine(e.target.value as LlmEngineKind)}>
          {ENGINES.map((e) => (
            <option key={e.kind} value={e.kind}>
              {e.label}
              {e.kind === recommended ? ' (recommended)' : ''}
            </option>
          ))}
        </select>
      </label>
      <label>
        Model
        <select value={option ? selected : CUSTOM} onChange={(e) => setPicked(e.target.value)}>
          {options.map((o) => (
            <option key={o.key} value={o.key} disabled={!o.runnable}>
              {o.label}
              {o.downloadBytes ? `, ${formatBytes(o.downloadBytes)}` : ''}
              {o.runnable ? '' : ` (${o.reason})`}
            </option>
          ))}
          <option value={CUSTOM}>Other model (Hugging Face id)…</option>
        </select>
      </label>
      {isCustom && (
        <>
          <label>
            Model id
            <input
              value={customId}
              onChange={(e) => setCustomId(e.target.value)}
              placeholder="owner/name"
              required
              spellCheck={false}
            />
          </label>
          <label>
            Precision
            <select value={customDtype} onChange={(e) => setCustomDtype(e.target.value)}>
              {['q4', 'q4f16', 'q8', 'fp16', 'fp32'].map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
          </label>
        </>
      )}
      {engine !== 'remote' && (
        <label>
          Download from
          <select value={source} onChange={(e) => changeSource(e.target.value as ModelSource)}>
            <option value="server">my server</option>
            <option value="hub">Hugging Face</option>
          </select>
        </label>
      )}
      <button type="submit" disabled={disabled || (isCustom && customId.trim() === '')}>
        Load model
      </button>
      {option?.warning && <p className="hint">May not fit: {option.warning}.</p>}
      {engine === 'remote' && serverModels.state === 'signed-out' && (
        <p className="hint">Sign in (Account, below) to use your server&apos;s models.</p>
      )}
      {engine === 'remote' && serverModels.state === 'error' && <p className="hint">{serverModels.message}</p>}
      {fromStore && storeModels.state === 'error' && <p className="hint">{storeModels.message}</p>}
      {fromStore && storeModels.state === 'ready' && options.length === 0 && (
        <p className="hint">
          Your server has no model for this engine yet: run <code>npm run models -- pull &lt;id&gt;</code> there (or{' '}
          <code>npm run models -- fixtures</code> for the test models), or download from Hugging Face.
        </p>
      )}
    </form>
  );
}
