// Before transformers.js touches a model: does the host have it, with every file it needs? And after a failed load:
// which coded, human error it was. transformers.js reports a missing or garbled file as whatever its code tripped
// on ("Cannot read properties of undefined (reading 'tokenizer_class')"), which tells a user nothing.
import { CodedError } from '@companion/core/errors';
import type { ModelRef } from '@companion/core/llm';
import { parseTreeListing } from '../../../lib/model-files/listing';
import { treeUrl } from '../../../lib/model-files/urls';

/** transformers.js's file suffix per dtype (models/README.md): q8 is `_quantized`, fp32 has none. */
const SUFFIX: Record<string, string> = { fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4', q4f16: '_q4f16', bnb4: '_bnb4' };

/** The files transformers.js fetches for a causal LM in `dtype`. */
export function requiredOnnxFiles(dtype: string): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/model${SUFFIX[dtype] ?? `_${dtype}`}.onnx`];
}

/** What to run on the server so it has the model: the test models come from `fixtures`, real ones from `pull`. */
export function serverInstallHint(repo: string): string {
  return repo.startsWith('companion-test/')
    ? 'Install the test models on your server with `npm run models -- fixtures`.'
    : 'Download it on your server with `npm run models -- pull <id>` (`npm run models -- catalog` lists the ids), or choose "Download from: Hugging Face".';
}

const isMirror = (ref: ModelRef): boolean => ref.host !== undefined && !/^https:\/\/huggingface\.co\/?$/.test(ref.host);

/**
 * Asks the host's file listing (our server answers it at /models/api/models/<repo>/tree/main) whether the model and
 * its files are there. A 404 is MODEL_NOT_ON_SERVER, a listed model without a needed file MODEL_FILE_MISSING; a host
 * without a listing, or one that cannot be reached, is left to the loader (its failure is explained by describeLoadError).
 */
export async function checkServerHasModel(ref: ModelRef, dtype: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  await checkServerHasFiles(ref, ref.id, requiredOnnxFiles(dtype), `is ${dtype} one of its precisions?`, fetchImpl);
}

/** The same check for any repo and file list (WebLLM: its config, shard list and compiled library). */
export async function checkServerHasFiles(ref: ModelRef, repo: string, required: readonly string[], missingHint: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  if (!isMirror(ref) || !ref.host) return;
  let res: Response;
  try {
    res = await fetchImpl(treeUrl(ref.host, repo, 'main'), { headers: { accept: 'application/json' } });
  } catch {
    return;
  }
  if (res.status === 404) {
    throw new CodedError('MODEL_NOT_ON_SERVER', `Your server has no model "${ref.id}". ${serverInstallHint(repo)}`, {
      recoverable: false,
      details: { model: ref.id, repo },
    });
  }
  if (!res.ok) return;
  let listed: Set<string>;
  try {
    listed = new Set(parseTreeListing(await res.json()).keys());
  } catch {
    return;
  }
  const missing = required.filter((f) => !listed.has(f));
  if (missing.length > 0) {
    throw new CodedError(
      'MODEL_FILE_MISSING',
      `Your server has "${ref.id}" but not ${missing.join(', ')} (${missingHint}). ${serverInstallHint(repo)}`,
      { recoverable: false, details: { model: ref.id, missing } },
    );
  }
}

/**
 * A coded error for a failed load. Errors that already carry a code pass through; the rest are sorted by what
 * transformers.js and onnxruntime say when a file is absent, not JSON, or not an ONNX graph.
 */
export function describeLoadError(error: unknown, ref: ModelRef): CodedError {
  if (error instanceof CodedError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  // The library's own words stay in details for a bug report; the message says what happened and what to do.
  const details = { model: ref.id, reason };
  const server = isMirror(ref);
  const where = server ? 'your server' : 'Hugging Face';
  if (/could not locate file|\b404\b|not found/i.test(reason)) {
    const todo = server ? serverInstallHint(ref.id) : 'Check the model id and the precision.';
    return new CodedError('MODEL_FILE_MISSING', `A file of "${ref.id}" is missing on ${where}. ${todo}`, { recoverable: false, details, cause: error });
  }
  if (error instanceof SyntaxError || error instanceof TypeError || /JSON|protobuf|invalid model|failed to load model|create a session|Cannot read propert/i.test(reason)) {
    const todo = server ? 'Mend it on the server with `npm run models -- pull <id> --verify`.' : 'Try another precision or model.';
    return new CodedError('MODEL_FILE_INVALID', `A file of "${ref.id}" from ${where} is damaged or not in the layout transformers.js expects. ${todo}`, {
      recoverable: false,
      details,
      cause: error,
    });
  }
  return new CodedError('MODEL_LOAD_FAILED', `Could not load "${ref.id}" from ${where}; check the connection and try again.`, { recoverable: true, details, cause: error });
}
