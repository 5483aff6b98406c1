// WebLLM from a mirror in Hugging Face's layout (another Companion server's /models/): where the puller stores a
// model's compiled library, and the app record that takes every file (weights, tokenizer and the .wasm) from it.

/** Where a WebLLM pull keeps the compiled model library inside the repo: `_lib/<file>.wasm`, beside the weights. */
export function webllmLibPath(modelLib: string): string {
  const name = new URL(modelLib).pathname.split('/').pop() || 'model-lib.wasm';
  return `_lib/${name}`;
}

/** `owner/name` of a WebLLM record's weights URL (`https://huggingface.co/owner/name`). */
export function webllmRepo(modelUrl: string): string {
  return new URL(modelUrl).pathname.replace(/^\/+|\/+$/g, '');
}

/**
 * The record with both of its URLs on the mirror: the weights at `<host><repo>` (WebLLM appends `resolve/main/`),
 * and the library at `<host><repo>/resolve/main/_lib/<file>.wasm`, where the puller put it. Without the second,
 * "download from my server" still fetched the library from GitHub.
 */
export function mirroredWebllmRecord<T extends { model: string; model_lib: string }>(record: T, host: string): T {
  const base = host.endsWith('/') ? host : `${host}/`;
  const repo = webllmRepo(record.model);
  return {
    ...record,
    model: new URL(repo, base).toString(),
    model_lib: new URL(`${repo}/resolve/main/${webllmLibPath(record.model_lib)}`, base).toString(),
  };
}
