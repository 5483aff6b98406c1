// Where the onnxruntime-web WASM runtime is served from: our own origin (see web/build/package-assets.ts).
export const ORT_WASM_PATHS = {
  mjs: '/ort/ort-wasm-simd-threaded.asyncify.mjs',
  wasm: '/ort/ort-wasm-simd-threaded.asyncify.wasm',
} as const;
