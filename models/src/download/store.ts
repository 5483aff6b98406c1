// The model store on disk: Hugging Face's URL layout (`<store>/<repo>/resolve/<revision>/<path>`) plus manifests.
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hfRepoSchema, modelManifestSchema, repoPathSchema } from '../../../core/src/schemas/models.ts';
import type { ModelManifest } from '../../../core/src/schemas/models.ts';
import { DownloadError } from './errors.ts';

export const DEFAULT_STORE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../store');
/** Dot-folders are never part of a repo layout, so serving the store as a mirror can skip them. */
export const MANIFEST_DIR = '.manifests';

/** MODELS_DIR, else models/store. */
export function storeDirFromEnv(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.MODELS_DIR ?? DEFAULT_STORE_DIR);
}

/** The folder a model revision lives in; also what transformers.js in Node can load by absolute path. */
export function revisionDir(store: string, repo: string, revision: string): string {
  if (!hfRepoSchema.safeParse(repo).success) throw new DownloadError('UNSAFE_PATH', `bad repository id ${JSON.stringify(repo)}`);
  if (!/^[\w.-]{1,100}$/.test(revision) || revision === '.' || revision === '..') {
    throw new DownloadError('UNSAFE_PATH', `bad revision ${JSON.stringify(revision)}`);
  }
  return join(store, ...repo.split('/'), 'resolve', revision);
}

/** Absolute path of one file, refused if it would leave the revision folder. */
export function storeFilePath(store: string, repo: string, revision: string, path: string): string {
  const base = revisionDir(store, repo, revision);
  if (!repoPathSchema.safeParse(path).success) throw new DownloadError('UNSAFE_PATH', `bad file path ${JSON.stringify(path)}`);
  const full = resolve(base, ...path.split('/'));
  const rel = relative(base, full);
  if (rel.startsWith('..') || rel.startsWith(sep)) throw new DownloadError('UNSAFE_PATH', `bad file path ${JSON.stringify(path)}`);
  return full;
}

/** `https://huggingface.co/<repo>/resolve/<rev>/<path>`, or the same path under a mirror. */
export function sourceUrl(base: string, repo: string, revision: string, path: string): string {
  const root = base.replace(/\/+$/, '');
  const segs = path.split('/').map(encodeURIComponent).join('/');
  return `${root}/${repo}/resolve/${encodeURIComponent(revision)}/${segs}`;
}

export function manifestPath(store: string, id: string, quant: string): string {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(id) || !/^[\w-]+$/.test(quant)) throw new DownloadError('UNSAFE_PATH', 'bad model id or quant');
  return join(store, MANIFEST_DIR, `${id}@${quant}.json`);
}

export async function readManifest(store: string, id: string, quant: string): Promise<ModelManifest | null> {
  try {
    return modelManifestSchema.parse(JSON.parse(await readFile(manifestPath(store, id, quant), 'utf8')));
  } catch {
    return null;
  }
}

/** Written to a temporary file and renamed, so a crash never leaves half a manifest. */
export async function writeManifest(store: string, m: ModelManifest): Promise<void> {
  const path = manifestPath(store, m.id, m.quant);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(m, null, 2)}\n`);
  await rename(tmp, path);
}

export async function listManifests(store: string): Promise<ModelManifest[]> {
  let names: string[];
  try {
    names = await readdir(join(store, MANIFEST_DIR));
  } catch {
    return [];
  }
  const out: ModelManifest[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    try {
      out.push(modelManifestSchema.parse(JSON.parse(await readFile(join(store, MANIFEST_DIR, name), 'utf8'))));
    } catch {
      // A foreign or damaged file is not a model; `list` shows only what parses.
    }
  }
  return out;
}

/** Removes a pulled variant: its manifest, and its files unless another manifest still lists them. */
export async function removeModel(store: string, id: string, quant: string): Promise<string[]> {
  const m = await readManifest(store, id, quant);
  if (!m) return [];
  const others = (await listManifests(store)).filter((o) => !(o.id === id && o.quant === quant));
  const keep = new Set(others.flatMap((o) => o.files.map((f) => storeFilePath(store, o.repo, o.revision, f.path))));
  const removed: string[] = [];
  await rm(manifestPath(store, id, quant), { force: true });
  for (const f of m.files) {
    const full = storeFilePath(store, m.repo, m.revision, f.path);
    if (keep.has(full)) continue;
    await rm(full, { force: true });
    await rm(`${full}.part`, { force: true });
    removed.push(f.path);
    await pruneEmpty(dirname(full), store);
  }
  return removed;
}

async function pruneEmpty(dir: string, store: string): Promise<void> {
  let d = dir;
  while (d.startsWith(store) && d !== store) {
    try {
      await rmdir(d);
    } catch {
      return;
    }
    d = dirname(d);
  }
}
