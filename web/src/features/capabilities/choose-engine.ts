// Picks the LLM engine a device should use and says why, so the choice is visible to the user.
import type { DeviceCapabilities } from './detect';

export type LlmEngineKind = 'webllm' | 'onnx-webgpu' | 'onnx-wasm' | 'remote';

export interface EngineChoice {
  engine: LlmEngineKind;
  reason: string;
}

/**
 * WebLLM's usual q4f16 models need `shader-f16`; fp32/q4 ONNX graphs run on any WebGPU adapter; WASM runs
 * anywhere but is slow, so with little memory the server's API is the better default.
 */
export function chooseLlmEngine(caps: DeviceCapabilities, opts: { serverAvailable: boolean }): EngineChoice {
  if (caps.webgpu.available && caps.webgpu.shaderF16) {
    return { engine: 'webllm', reason: `WebGPU with fp16 shaders on ${caps.webgpu.adapterName}: fastest in-browser engine.` };
  }
  if (caps.webgpu.available) {
    return {
      engine: 'onnx-webgpu',
      reason: `WebGPU on ${caps.webgpu.adapterName} lacks fp16 shaders, so WebLLM's q4f16 models cannot run; ONNX on WebGPU can.`,
    };
  }
  const lowMemory = caps.deviceMemoryGiB !== null && caps.deviceMemoryGiB < 4;
  if (opts.serverAvailable && lowMemory) {
    return { engine: 'remote', reason: `${caps.webgpu.reason} With ${caps.deviceMemoryGiB} GiB of memory, your server runs the model instead.` };
  }
  return { engine: 'onnx-wasm', reason: `${caps.webgpu.reason} Falling back to ONNX on the CPU (WebAssembly), which is slower.` };
}
