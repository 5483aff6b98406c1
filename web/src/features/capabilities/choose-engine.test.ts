import { describe, expect, it } from 'vitest';
import { chooseLlmEngine } from './choose-engine';
import { detectCapabilities, type NavigatorLike } from './detect';

const adapter = (f16: boolean) => ({
  features: { has: (name: string) => f16 && name === 'shader-f16' },
  info: { vendor: 'acme', architecture: 'swiftshader' },
});

async function caps(nav: NavigatorLike, isSecureContext = true) {
  return detectCapabilities({ navigator: nav, isSecureContext, crossOriginIsolated: false });
}

describe('capability detection and engine choice', () => {
  it('prefers WebLLM when WebGPU has fp16 shaders', async () => {
    const c = await caps({ gpu: { requestAdapter: async () => adapter(true) } });
    expect(c.webgpu).toEqual({ available: true, shaderF16: true, adapterName: 'acme swiftshader' });
    expect(chooseLlmEngine(c, { serverAvailable: true }).engine).toBe('webllm');
  });

  it('uses ONNX on WebGPU when fp16 shaders are missing (SwiftShader)', async () => {
    const c = await caps({ gpu: { requestAdapter: async () => adapter(false) } });
    const choice = chooseLlmEngine(c, { serverAvailable: false });
    expect(choice.engine).toBe('onnx-webgpu');
    expect(choice.reason).toMatch(/fp16/);
  });

  it('explains an insecure origin instead of silently falling back', async () => {
    const c = await caps({ gpu: { requestAdapter: async () => adapter(true) } }, false);
    expect(c.webgpu.available).toBe(false);
    const choice = chooseLlmEngine(c, { serverAvailable: false });
    expect(choice.engine).toBe('onnx-wasm');
    expect(choice.reason).toMatch(/secure context/);
  });

  it('sends low-memory devices without WebGPU to the server when one is reachable', async () => {
    const c = await caps({ deviceMemory: 2 });
    expect(chooseLlmEngine(c, { serverAvailable: true }).engine).toBe('remote');
    expect(chooseLlmEngine(c, { serverAvailable: false }).engine).toBe('onnx-wasm');
  });

  it('treats a throwing requestAdapter as unavailable with the reason', async () => {
    const c = await caps({
      gpu: {
        requestAdapter: async () => {
          throw new Error('device lost');
        },
      },
    });
    expect(c.webgpu).toMatchObject({ available: false });
    expect(c.webgpu.available === false && c.webgpu.reason).toMatch(/device lost/);
  });

  it('reports storage quota and persistence', async () => {
    const c = await caps({ storage: { estimate: async () => ({ quota: 1000, usage: 10 }), persisted: async () => true } });
    expect(c.storage).toEqual({ quotaBytes: 1000, usageBytes: 10, persisted: true });
  });
});
