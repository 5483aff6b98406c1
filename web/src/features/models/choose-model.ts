// Lists the catalog's models for an engine, with whether each fits this device and why, in plain words.
import type { CatalogEntry } from '@companion/core/schemas';
import type { LlmEngineKind, ModelRef } from '@companion/core/llm';
import type { DeviceCapabilities } from '../capabilities/detect';

export interface ModelOption {
  key: string;
  label: string;
  model: ModelRef;
  downloadBytes: number | null;
  memoryBytes: number;
  /** False when the device cannot run it at all (missing GPU feature); the reason says why. */
  runnable: boolean;
  /** A warning when it may not fit in memory. */
  warning: string | null;
  reason: string | null;
}

const GIB = 1024 ** 3;

export function modelOptions(catalog: readonly CatalogEntry[], engine: LlmEngineKind, caps: DeviceCapabilities | null): ModelOption[] {
  const wantRuntime = engine === 'webllm' ? 'webllm' : 'onnx';
  const hasF16 = caps?.webgpu.available === true && caps.webgpu.shaderF16;
  const options: ModelOption[] = [];
  for (const entry of catalog) {
    if (entry.runtime !== wantRuntime) continue;
    for (const variant of entry.variants) {
      const needsF16 = variant.requiredFeatures.includes('shader-f16');
      // fp16 shaders matter only on the GPU; the WASM engine runs any ONNX variant on the CPU.
      const runnable = !needsF16 || engine === 'onnx-wasm' || engine === 'remote' || hasF16;
      const model: ModelRef =
        entry.runtime === 'webllm'
          ? { id: (variant as { modelId: string }).modelId }
          : { id: entry.source.repo, dtype: variant.quant };
      // navigator.deviceMemory is capped at 8 GiB, so only small devices can be judged from it.
      const memoryGiB = caps?.deviceMemoryGiB ?? null;
      const tight = memoryGiB !== null && memoryGiB < 8 && variant.memory.bytes > memoryGiB * GIB * 0.5;
      options.push({
        key: `${entry.id}@${variant.quant}`,
        label: `${entry.name} (${variant.quant})`,
        model,
        downloadBytes: variant.download?.bytes ?? null,
        memoryBytes: variant.memory.bytes,
        runnable,
        reason: runnable ? null : 'needs fp16 shaders (shader-f16), which this GPU lacks',
        warning: tight ? `needs about ${(variant.memory.bytes / GIB).toFixed(1)} GiB; this device reports ${memoryGiB} GiB` : null,
      });
    }
  }
  // Runnable first, then smallest first: the best first choice is the one most likely to work.
  return options.sort((a, b) => Number(b.runnable) - Number(a.runnable) || a.memoryBytes - b.memoryBytes);
}
