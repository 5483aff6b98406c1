// Where an XTTS-v2 model comes from (our server's mirror or the Hugging Face Hub) and how its files are named there.
import { CodedError } from '@companion/core/errors';
import { HF_REPO_PATTERN } from '@companion/core/schemas';

export type XttsHost = 'server' | 'hub';
export type XttsQuant = 'fp32' | 'int8';

/** One file as a catalog states it (size and sha256 null where unknown); paths relative to the model folder. */
export interface XttsExpectedFile {
  readonly path: string;
  readonly size: number | null;
  readonly sha256: string | null;
}

export interface XttsSource {
  readonly host: XttsHost;
  readonly repo: string;
  readonly revision: string;
  readonly quant: XttsQuant;
  /** `gpt_model.onnx` or `gpt_model_int8.onnx`, relative to `folder`. */
  readonly gptFile: string;
  /** The folder inside the repository that holds the model (`xtts_onnx` in the real export); absent: the root. */
  readonly folder?: string;
  /** The catalog's files with sizes and hashes (C3); absent for a custom repository (the host's listing decides). */
  readonly expected?: readonly XttsExpectedFile[];
  /** Files read only when the host lists them, such as the fp32 GPT's `gpt_model.onnx_data`. */
  readonly optionalFiles?: readonly string[];
}

const HUB = 'https://huggingface.co/';
const SEGMENT = /^[\w.-]+$/;

/** Our mirror (`<origin>/models/`) or the Hub; both serve `<repo>/resolve/<revision>/<path>`. */
export function hostBase(host: XttsHost, origin: string): string {
  return host === 'server' ? new URL('/models/', origin).toString() : HUB;
}

/** A path relative to the model folder as a path inside the repository. */
export function repoPath(source: Pick<XttsSource, 'folder'>, path: string): string {
  return source.folder ? `${source.folder}/${path}` : path;
}

/** Identifies a model for "is this the one already loaded" and for a voice's record. */
export function xttsModelKey(s: Pick<XttsSource, 'host' | 'repo' | 'revision' | 'quant'>): string {
  return `${s.host}:${s.repo}@${s.revision}#${s.quant}`;
}

function bad(message: string): never {
  throw new CodedError('XTTS_BAD_SOURCE', message, { recoverable: false });
}

const safePath = (p: string): boolean => p.length > 0 && p.length <= 300 && p.split('/').every((s) => s !== '.' && s !== '..' && SEGMENT.test(s));

/** Refuses sources that could make the worker fetch outside the model (comlink passes whatever the page sent). */
export function checkXttsSource(s: XttsSource): XttsSource {
  if (s.host !== 'server' && s.host !== 'hub') bad(`Unknown model host "${String(s.host)}".`);
  if (!HF_REPO_PATTERN.test(s.repo)) bad(`"${s.repo}" is not a repository id (owner/name).`);
  if (!safePath(s.revision)) bad(`"${s.revision}" is not a revision name.`);
  if (s.quant !== 'fp32' && s.quant !== 'int8') bad(`Unknown precision "${String(s.quant)}".`);
  if (!safePath(s.gptFile) || !s.gptFile.endsWith('.onnx')) bad(`"${s.gptFile}" is not an ONNX file name.`);
  if (s.folder !== undefined && !safePath(s.folder)) bad(`"${s.folder}" is not a folder name.`);
  for (const f of [...(s.expected ?? []).map((e) => e.path), ...(s.optionalFiles ?? [])]) if (!safePath(f)) bad(`"${f}" is not a file path.`);
  return s;
}
