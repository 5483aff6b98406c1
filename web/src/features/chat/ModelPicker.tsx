// Chooses the engine and model to load; defaults to what the device can run, the user can override.
import { useState, type FormEvent } from 'react';
import type { LlmEngineKind, ModelRef } from '@companion/core/llm';

const ENGINES: Array<{ kind: LlmEngineKind; label: string }> = [
  { kind: 'webllm', label: 'WebLLM (WebGPU, fp16)' },
  { kind: 'onnx-webgpu', label: 'ONNX on WebGPU' },
  { kind: 'onnx-wasm', label: 'ONNX on CPU (WebAssembly)' },
  { kind: 'remote', label: 'My server' },
];

export type ModelSource = 'server' | 'hub';

export interface ModelChoice {
  engine: LlmEngineKind;
  model: ModelRef;
}

interface Props {
  recommended: LlmEngineKind;
  disabled: boolean;
  onLoad(choice: ModelChoice): void;
}

export function ModelPicker({ recommended, disabled, onLoad }: Props) {
  const [engine, setEngine] = useState<LlmEngineKind>(recommended);
  const [modelId, setModelId] = useState('onnx-community/Qwen2.5-0.5B-Instruct');
  const [dtype, setDtype] = useState('q4');
  const [source, setSource] = useState<ModelSource>('server');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const host = source === 'server' ? new URL('/models/', window.location.origin).href : undefined;
    onLoad({ engine, model: { id: modelId.trim(), dtype, host } });
  };

  return (
    <form className="model-picker" onSubmit={submit} aria-label="Choose a model">
      <label>
        Engine
        <select value={engine} onChange={(e) => setEngine(e.target.value as LlmEngineKind)}>
          {ENGINES.map((option) => (
            <option key={option.kind} value={option.kind}>
              {option.label}
              {option.kind === recommended ? ' (recommended)' : ''}
            </option>
          ))}
        </select>
      </label>
      <label>
        Model
        <input value={modelId} onChange={(e) => setModelId(e.target.value)} required spellCheck={false} />
      </label>
      <label>
        Precision
        <select value={dtype} onChange={(e) => setDtype(e.target.value)}>
          {['q4', 'q4f16', 'q8', 'fp16', 'fp32'].map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
      </label>
      <label>
        Download from
        <select value={source} onChange={(e) => setSource(e.target.value as ModelSource)}>
          <option value="server">my server</option>
          <option value="hub">Hugging Face</option>
        </select>
      </label>
      <button type="submit" disabled={disabled || modelId.trim() === ''}>
        Load model
      </button>
    </form>
  );
}
