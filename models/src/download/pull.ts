// Pulls a catalog model variant into the store: every file checked (C3), manifest written, complete only at the end.
import { existsSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import type { CatalogEntry, ManifestFile, ModelFile, ModelManifest } from '../../../core/src/schemas/models.ts';
import { xttsRepoPath } from '../../../core/src/schemas/voice-models.ts';
import type { XttsCatalogEntry } from '../../../core/src/schemas/voice-models.ts';
import { webllmLibPath, webllmRepo } from '../../../core/src/llm/webllm-mirror.ts';
import { DownloadError } from './errors.ts';
import { fetchFile, sha256File } from './fetch-file.ts';
import type { FileProgress } from './fetch-file.ts';
import { fetchRepoListing } from './hub-listing.ts';
import type { ListedFile, RepoListing } from './hub-listing.ts';
import { readManifest, sourceUrl, storeFilePath, writeManifest } from './store.ts';

export const HF_BASE = 'https://huggingface.co';

export interface PullProgress extends FileProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
}

export interface PullOptions {
  store: string;
  /** Base URL in Hugging Face's layout (MODEL_MIRROR); defaults to the Hub. */
  mirror?: string | null;
  quant?: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  retries?: number;
  retryDelayMs?: number;
  onProgress?: (p: PullProgress) => void;
  /** Re-hash files already in the store instead of trusting their recorded size. */
  verifyExisting?: boolean;
  /** Hugging Face access token (gated repos); sent only to huggingface.co, never to a mirror or a redirect target. */
  hfToken?: string | null;
}

/** Anything the puller fetches: a chat model, or a voice model (core/src/schemas/voice-models.ts). */
export type PullableEntry = CatalogEntry | XttsCatalogEntry;

/**
 * A file to fetch; `origin` is its URL when it lives outside the repo (WebLLM's model library on GitHub); `listed` is
 * what the source's tree listing states about it (trusted as 'source', below the catalog and an earlier pull).
 */
export type PlannedFile = ModelFile & { origin?: string; listed?: ListedFile };

export interface PullPlan {
  id: string;
  quant: string;
  runtime: ModelManifest['runtime'];
  repo: string;
  revision: string;
  files: PlannedFile[];
  /** Fetched only when the source has them (the listing says so, or, without a listing, a download finds them). */
  optional: PlannedFile[];
  /** Ask the source's tree listing (`/api/models/<repo>/tree/<rev>`) for sizes, hashes and optional files first. */
  useListing: boolean;
}

/** Where a WebLLM model library is kept in the store (one definition in core, shared with the browser's mirror record). */
export { webllmLibPath };

const noSuchQuant = (entry: PullableEntry, q: string): DownloadError =>
  new DownloadError('UNKNOWN_MODEL', `${entry.id} has no quantisation ${q}`, { quants: entry.variants.map((x) => x.quant) });

/** Which files a variant needs; WebLLM weights are listed by the repo's ndarray-cache.json, fetched first. */
export function planPull(entry: PullableEntry, quant?: string): PullPlan {
  const q = quant ?? entry.defaultQuant;
  const base = { id: entry.id, quant: q, optional: [], useListing: false };
  if (entry.runtime === 'onnx') {
    const v = entry.variants.find((x) => x.quant === q);
    if (!v) throw noSuchQuant(entry, q);
    return { ...base, runtime: 'onnx', repo: entry.source.repo, revision: entry.source.revision, files: [...entry.source.files, ...v.files] };
  }
  if (entry.runtime === 'xtts') {
    const v = entry.variants.find((x) => x.quant === q);
    if (!v) throw noSuchQuant(entry, q);
    // The catalog names files inside the model's folder; the store keeps the repository's own paths.
    const inRepo = (f: ModelFile): PlannedFile => ({ ...f, path: xttsRepoPath(entry, f.path) });
    return {
      ...base,
      runtime: 'xtts',
      repo: entry.source.repo,
      revision: entry.source.revision,
      files: [...entry.source.files, ...v.files].map(inRepo),
      optional: v.optionalFiles.map(inRepo),
      useListing: true,
    };
  }
  const v = entry.variants.find((x) => x.quant === q);
  if (!v) throw noSuchQuant(entry, q);
  const repo = webllmRepo(v.modelUrl);
  const none = { size: null, sha256: null };
  const files: PlannedFile[] = [
    { path: 'mlc-chat-config.json', ...none },
    { path: 'ndarray-cache.json', ...none },
    { path: webllmLibPath(v.modelLib), ...none, origin: v.modelLib },
  ];
  return { ...base, runtime: 'webllm', repo, revision: 'main', files };
}

/**
 * Applies the source's listing to a plan: each file gets what the listing states, and an optional file is kept only
 * when listed (or already pinned by an earlier pull). Without a listing, optional files are kept and marked `probe`:
 * a 404 for one of them then means "this export has none", not a failed pull.
 */
function withListing(plan: PullPlan, listing: RepoListing | null, pinned: Map<string, ManifestFile>): (PlannedFile & { probe?: boolean })[] {
  const listed = (f: PlannedFile): PlannedFile => {
    const l = listing?.get(f.path);
    return l ? { ...f, listed: l } : f;
  };
  const optional = plan.optional
    .filter((f) => !listing || listing.has(f.path) || pinned.has(f.path))
    .map((f) => ({ ...listed(f), probe: !listing && !pinned.has(f.path) }));
  return [...plan.files.map(listed), ...optional];
}

/** Adds the tokenizer files and weight shards a WebLLM repo's own index files name (sizes from ndarray-cache.json). */
async function expandWebllm(plan: PullPlan, store: string, revision: string): Promise<ModelFile[]> {
  const read = async (p: string): Promise<unknown> => JSON.parse(await readFile(storeFilePath(store, plan.repo, revision, p), 'utf8'));
  const chat = (await read('mlc-chat-config.json')) as { tokenizer_files?: unknown };
  const cache = (await read('ndarray-cache.json')) as { records?: { dataPath?: unknown; nbytes?: unknown }[] };
  const extra: ModelFile[] = [];
  for (const t of Array.isArray(chat.tokenizer_files) ? chat.tokenizer_files : []) {
    if (typeof t === 'string') extra.push({ path: t, size: null, sha256: null });
  }
  for (const r of cache.records ?? []) {
    if (typeof r.dataPath === 'string') extra.push({ path: r.dataPath, size: typeof r.nbytes === 'number' ? r.nbytes : null, sha256: null });
  }
  return extra;
}

export async function pullModel(entry: PullableEntry, o: PullOptions): Promise<ModelManifest> {
  const plan = planPull(entry, o.quant);
  // Validates the repo, revision and every path before any request or write.
  for (const f of [...plan.files, ...plan.optional]) storeFilePath(o.store, plan.repo, plan.revision, f.path);
  const previous = await readManifest(o.store, plan.id, plan.quant);
  const pinned = new Map((previous?.files ?? []).map((f) => [f.path, f]));
  const listing = plan.useListing ? await fetchListing(plan, previous?.resolvedRevision ?? plan.revision, o) : null;
  const manifest: ModelManifest = {
    version: 1,
    id: plan.id,
    quant: plan.quant,
    runtime: plan.runtime,
    repo: plan.repo,
    revision: plan.revision,
    resolvedRevision: previous?.resolvedRevision ?? null,
    complete: false,
    updatedAt: new Date().toISOString(),
    files: [],
  };
  await writeManifest(o.store, manifest);
  const queue = withListing(plan, listing, pinned);
  let expanded = plan.runtime !== 'webllm';
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i];
    if (!file) continue;
    const record = await pullFile(plan, file, pinned.get(file.path), manifest, o, i, queue.length).catch((err: unknown) => {
      if (file.probe && err instanceof DownloadError && err.code === 'NOT_FOUND') return null;
      throw err;
    });
    if (!record) continue;
    manifest.files.push(record);
    manifest.updatedAt = new Date().toISOString();
    await writeManifest(o.store, manifest);
    if (!expanded && i === plan.files.length - 1) {
      queue.push(...(await expandWebllm(plan, o.store, plan.revision)).filter((f) => !queue.some((q) => q.path === f.path)));
      expanded = true;
    }
  }
  manifest.complete = true;
  manifest.updatedAt = new Date().toISOString();
  await writeManifest(o.store, manifest);
  return manifest;
}

/** The source's listing (the Hub, or MODEL_MIRROR when it speaks the same API); the token goes to the Hub only. */
function fetchListing(plan: PullPlan, revision: string, o: PullOptions): Promise<RepoListing | null> {
  const base = o.mirror ?? HF_BASE;
  const toHub = new URL(base).origin === HF_BASE;
  return fetchRepoListing({
    base,
    repo: plan.repo,
    revision,
    fetch: o.fetch,
    signal: o.signal,
    headers: o.hfToken && toHub ? { authorization: `Bearer ${o.hfToken}` } : undefined,
  });
}

async function pullFile(
  plan: PullPlan,
  file: PlannedFile,
  pinned: ManifestFile | undefined,
  manifest: ModelManifest,
  o: PullOptions,
  index: number,
  count: number,
): Promise<ManifestFile> {
  const dest = storeFilePath(o.store, plan.repo, plan.revision, file.path);
  // The catalog wins; else what an earlier pull recorded (trust on first use) is enforced; else the source's listing.
  const expected = {
    size: file.size ?? pinned?.size ?? file.listed?.size ?? null,
    sha256: file.sha256 ?? pinned?.sha256 ?? file.listed?.sha256 ?? null,
  };
  const trustOf = (sourceStated: boolean): ManifestFile['trust'] =>
    file.sha256 ? 'catalog' : pinned ? pinned.trust : sourceStated || file.listed?.sha256 ? 'source' : 'first-use';
  if (existsSync(dest)) {
    // Already pulled and unchanged in size: trusted without re-hashing, unless the caller asks (verifyExisting).
    const sameSize = pinned ? (await stat(dest)).size === pinned.size : false;
    if (!o.verifyExisting && pinned && sameSize && expected.sha256 === pinned.sha256 && expected.size === pinned.size) {
      return { ...pinned, trust: trustOf(false) };
    }
    const got = await sha256File(dest);
    const ok = (expected.size === null || got.size === expected.size) && (expected.sha256 === null || got.sha256 === expected.sha256);
    if (ok) return { path: file.path, size: got.size, sha256: got.sha256, trust: trustOf(false) };
    await rm(dest, { force: true });
  }
  // Later files come from the commit the first one was served from, so a push mid-pull cannot mix revisions.
  const rev = manifest.resolvedRevision ?? plan.revision;
  const url = file.origin && !o.mirror ? file.origin : sourceUrl(o.mirror ?? HF_BASE, plan.repo, rev, file.path);
  const toHub = new URL(url).origin === HF_BASE;
  const res = await fetchFile({
    url,
    dest,
    headers: o.hfToken && toHub ? { authorization: `Bearer ${o.hfToken}` } : undefined,
    expected,
    fetch: o.fetch,
    signal: o.signal,
    retries: o.retries,
    retryDelayMs: o.retryDelayMs,
    onProgress: (p) => o.onProgress?.({ ...p, file: file.path, fileIndex: index, fileCount: count }),
  });
  if (res.commit && /^[0-9a-f]{40}$/.test(res.commit)) manifest.resolvedRevision ??= res.commit;
  return { path: file.path, size: res.size, sha256: res.sha256, trust: trustOf(res.sourceSha256 !== null) };
}

/**
 * C3 before loading: every file of a complete manifest is present with its recorded size and sha256. `hashes: false`
 * checks presence and sizes only (milliseconds instead of seconds per gigabyte), for callers that re-check often.
 */
export async function verifyModel(store: string, id: string, quant: string, opts: { hashes?: boolean } = {}): Promise<{ ok: boolean; problems: string[] }> {
  const m = await readManifest(store, id, quant);
  if (!m) return { ok: false, problems: ['not downloaded'] };
  const problems: string[] = m.complete ? [] : ['download incomplete'];
  for (const f of m.files) {
    const full = storeFilePath(store, m.repo, m.revision, f.path);
    const size = await stat(full).then((st) => st.size, () => null);
    if (size === null) problems.push(`${f.path}: missing`);
    else if (size !== f.size) problems.push(`${f.path}: ${size} bytes, expected ${f.size}`);
    else if (opts.hashes !== false && (await sha256File(full)).sha256 !== f.sha256) problems.push(`${f.path}: sha256 mismatch`);
  }
  return { ok: problems.length === 0, problems };
}
