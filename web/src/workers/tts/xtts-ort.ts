// onnxruntime-web for XTTS in the TTS worker: WebGPU when the device has it, else WebAssembly, runtime from our origin.
import type * as Ort from 'onnxruntime-web';
// The package's own runtime file, emitted by Vite beside our chunks: same origin (CSP, offline) and exactly the
// version of the JavaScript below (the LLM worker's /ort/ files belong to transformers.js's copy, another version).
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { CodedError } from '@companion/core/errors';
import type { CreateXttsSession, XttsSession } from '@companion/core/speech/xtts';
import type { TensorFactory } from '@companion/core/audio';

export type XttsBackend = 'webgpu' | 'wasm';
export type XttsBackendChoice = 'auto' | XttsBackend;

export interface XttsRuntimeFactory {
  readonly backend: XttsBackend;
  /** Why this backend (shown to the user). */
  readonly reason: string;
  readonly tensor: TensorFactory;
  /** Creates a session from the graph's bytes; `externalData` carries weights kept beside the graph. */
  createSession(bytes: Uint8Array, externalData?: { path: string; data: Uint8Array }): Promise<XttsSession>;
}

interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

/** WebGPU if asked for or available; WASM otherwise, with the reason. */
export async function chooseBackend(choice: XttsBackendChoice, gpu: GpuLike | undefined): Promise<{ backend: XttsBackend; reason: string }> {
  if (choice === 'wasm') return { backend: 'wasm', reason: 'WebAssembly was chosen' };
  const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
  if (adapter) return { backend: 'webgpu', reason: choice === 'webgpu' ? 'WebGPU was chosen' : 'this device has WebGPU' };
  if (choice === 'webgpu')
    throw new CodedError('XTTS_NO_WEBGPU', 'This browser offers no WebGPU adapter; choose WebAssembly.', { recoverable: false });
  return { backend: 'wasm', reason: gpu ? 'WebGPU has no adapter here' : 'this browser has no WebGPU' };
}

let ortModule: Promise<typeof Ort> | null = null;

/** Loaded on first use only: the runtime is megabytes and only cloned voices need it. */
function loadOrt(): Promise<typeof Ort> {
  ortModule ??= import('onnxruntime-web/webgpu').then((ort) => {
    ort.env.wasm.wasmPaths = { wasm: ortWasmUrl };
    // Threads need cross-origin isolation; asking for them without it only prints a warning.
    ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    ort.env.logLevel = 'error';
    return ort as unknown as typeof Ort;
  });
  return ortModule;
}

export async function createOrtRuntime(choice: XttsBackendChoice): Promise<XttsRuntimeFactory> {
  const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
  const { backend, reason } = await chooseBackend(choice, gpu);
  const ort = await loadOrt();
  return {
    backend,
    reason,
    tensor: (type, data, dims) => new ort.Tensor(type, data, [...dims]),
    async createSession(bytes, externalData) {
      const session = await ort.InferenceSession.create(bytes, {
        executionProviders: [backend],
        // Native warnings (such as shape ops kept on the CPU under WebGPU) reach the page as console errors.
        logSeverityLevel: 3,
        ...(externalData ? { externalData: [externalData] } : {}),
      });
      // ort's InferenceSession has the run/inputNames/outputNames XttsSession asks for; its feeds type is wider.
      return session as unknown as XttsSession;
    },
  };
}

/** Adapts a runtime factory and a file reader to XttsModel.load's session factory. */
export function sessionsFrom(
  runtime: XttsRuntimeFactory,
  read: (path: string) => Promise<Uint8Array>,
  externalDataFor: (file: string) => string | undefined,
): CreateXttsSession {
  return async (_graph, file) => {
    const bytes = await read(file);
    const dataFile = externalDataFor(file);
    // The graph names its external file by base name; onnxruntime-web matches `path` against that.
    const externalData = dataFile ? { path: dataFile.split('/').pop() ?? dataFile, data: await read(dataFile) } : undefined;
    return runtime.createSession(bytes, externalData);
  };
}
