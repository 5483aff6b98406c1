// Reads what this device can do (WebGPU, fp16 shaders, storage, memory) without loading any model code.

export interface DeviceCapabilities {
  secureContext: boolean;
  webgpu: { available: false; reason: string } | { available: true; shaderF16: boolean; adapterName: string };
  /** navigator.deviceMemory in GiB where the browser reports it (Chromium only, capped at 8). */
  deviceMemoryGiB: number | null;
  cores: number | null;
  storage: { quotaBytes: number; usageBytes: number; persisted: boolean } | null;
  crossOriginIsolated: boolean;
}

/** The parts of `navigator` detection needs; tests pass a fake. */
export interface NavigatorLike {
  gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
  deviceMemory?: number;
  hardwareConcurrency?: number;
  storage?: { estimate?(): Promise<{ quota?: number; usage?: number }>; persisted?(): Promise<boolean> };
}

export interface GpuAdapterLike {
  features: { has(name: string): boolean };
  info?: { vendor?: string; architecture?: string; description?: string };
}

export interface DetectEnv {
  navigator: NavigatorLike;
  isSecureContext: boolean;
  crossOriginIsolated: boolean;
}

export async function detectCapabilities(env: DetectEnv): Promise<DeviceCapabilities> {
  const [webgpu, storage] = await Promise.all([detectWebGpu(env), detectStorage(env.navigator)]);
  return {
    secureContext: env.isSecureContext,
    webgpu,
    deviceMemoryGiB: typeof env.navigator.deviceMemory === 'number' ? env.navigator.deviceMemory : null,
    cores: typeof env.navigator.hardwareConcurrency === 'number' ? env.navigator.hardwareConcurrency : null,
    storage,
    crossOriginIsolated: env.crossOriginIsolated,
  };
}

async function detectWebGpu(env: DetectEnv): Promise<DeviceCapabilities['webgpu']> {
  // Browsers hide navigator.gpu on insecure origins, e.g. a phone opening http://192.168.x.y.
  if (!env.isSecureContext) return { available: false, reason: 'This page is not a secure context (use https or localhost).' };
  if (!env.navigator.gpu) return { available: false, reason: 'This browser does not expose WebGPU.' };
  try {
    const adapter = await env.navigator.gpu.requestAdapter();
    if (!adapter) return { available: false, reason: 'WebGPU is present but no GPU adapter was found.' };
    const info = adapter.info ?? {};
    const adapterName = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown GPU';
    return { available: true, shaderF16: adapter.features.has('shader-f16'), adapterName };
  } catch (error) {
    return { available: false, reason: `Requesting a WebGPU adapter failed: ${String(error)}` };
  }
}

async function detectStorage(nav: NavigatorLike): Promise<DeviceCapabilities['storage']> {
  if (!nav.storage?.estimate) return null;
  try {
    const estimate = await nav.storage.estimate();
    const persisted = nav.storage.persisted ? await nav.storage.persisted() : false;
    return { quotaBytes: estimate.quota ?? 0, usageBytes: estimate.usage ?? 0, persisted };
  } catch {
    return null;
  }
}
