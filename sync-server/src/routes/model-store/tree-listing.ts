// The Hub's file listing (`/api/models/<repo>/tree/<rev>`) for the local store, so a browser checks files from this
// mirror with the code it uses for huggingface.co: sizes, and sha256 as `lfs.oid` where a pull recorded one.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { listManifests } from '../../../../models/src/download/store.ts';
import { AppError } from '../../errors.ts';
import { realpathPublicUnder } from '../../lib/safe-path.ts';

/** One entry as the Hub writes it (only files; `lfs` where the sha256 is known). */
export interface TreeEntry {
  type: 'file';
  path: string;
  size: number;
  lfs?: { oid: string; size: number };
}

/** The Hub's own shapes for repository ids and revisions: anything else is refused before the disk is touched. */
const REPO = /^[A-Za-z0-9][\w.-]{0,95}(?:\/[A-Za-z0-9][\w.-]{0,95})?$/;
const REVISION = /^[\w.-]{1,100}$/;
/** A hand-copied folder bigger than this is not a model; the walk stops rather than list a whole disk. */
const MAX_ENTRIES = 10_000;
const MAX_DEPTH = 8;

/** `<owner>/<name>/tree/<revision>` (or `<name>/tree/<revision>`), with the Hub's optional `?recursive=true` ignored. */
export function parseTreePath(path: string): { repo: string; revision: string } | null {
  const match = /^((?:[^/]+\/)?[^/]+)\/tree\/([^/]+)\/?$/.exec(path);
  if (!match) return null;
  const [, repo = '', revision = ''] = match;
  if (!REPO.test(repo) || !REVISION.test(revision) || /^\.+$/.test(revision) || repo.split('/').some((s) => /^\.+$/.test(s))) {
    throw new AppError('INVALID_MODEL_PATH', 400, 'A model is listed as /models/api/models/<owner>/<name>/tree/<revision>.');
  }
  return { repo, revision };
}

/** The real path of a folder under root, or undefined when it is missing or not a folder (traversal still throws). */
async function folderUnder(root: string, ...segments: string[]): Promise<string | undefined> {
  const found = await realpathPublicUnder(root, ...segments).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  });
  if (!found) return undefined;
  return (await stat(found)).isDirectory() ? found : undefined;
}

/** Size of a regular file under root, or null (missing, a folder, or a link leading out of the store). */
async function fileSize(root: string, dir: string, path: string): Promise<number | null> {
  try {
    const real = await realpathPublicUnder(root, dir, path);
    const st = await stat(real);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

/** From the pull manifests of this repo and revision: only files a pull checked, only those still on disk. */
async function fromManifests(modelsDir: string, repo: string, revision: string): Promise<TreeEntry[] | null> {
  const manifests = (await listManifests(modelsDir)).filter((m) => m.repo === repo && m.revision === revision);
  if (manifests.length === 0) return null;
  const dir = join(...repo.split('/'), 'resolve', revision);
  const files = new Map(manifests.flatMap((m) => m.files).map((f) => [f.path, f]));
  const out: TreeEntry[] = [];
  for (const f of files.values()) {
    // Hidden files (a repo's `.gitattributes`) are never served, so they are not listed either.
    if (f.path.split('/').some((part) => part.startsWith('.'))) continue;
    if ((await fileSize(modelsDir, dir, f.path)) === null) continue;
    // The recorded size and hash, not the disk's: a file damaged since its pull must fail the client's check.
    out.push({ type: 'file', path: f.path, size: f.size, lfs: { oid: f.sha256, size: f.size } });
  }
  return out;
}

/** A folder copied in by hand: sizes only; dot-files, unfinished `.part` downloads and links out of the store skipped. */
async function fromFolder(modelsDir: string, segments: string[], folder: string, skipTop: ReadonlySet<string>): Promise<TreeEntry[]> {
  const dir = segments.join('/');
  const out: TreeEntry[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(join(folder, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (out.length >= MAX_ENTRIES) return;
      if (e.name.startsWith('.') || e.name.endsWith('.part') || (depth === 0 && skipTop.has(e.name))) continue;
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (depth < MAX_DEPTH) await walk(path, depth + 1);
        continue;
      }
      const size = await fileSize(modelsDir, dir, path);
      if (size !== null) out.push({ type: 'file', path, size });
    }
  };
  await walk('', 0);
  return out;
}

/**
 * The files of `<repo>` at `<revision>` as the Hub lists them, or null for an unknown repo or revision. Pulled models
 * are listed from their manifests; otherwise `<repo>/resolve/<revision>/`, or a plain `<repo>/` folder (served for any
 * revision, as the file route does).
 */
export async function listRepoFiles(modelsDir: string, repo: string, revision: string): Promise<TreeEntry[] | null> {
  const pulled = await fromManifests(modelsDir, repo, revision);
  if (pulled) return pulled.sort((a, b) => (a.path < b.path ? -1 : 1));
  const revisionFolder = await folderUnder(modelsDir, repo, 'resolve', revision);
  if (revisionFolder) return fromFolder(modelsDir, [repo, 'resolve', revision], revisionFolder, new Set());
  const repoFolder = await folderUnder(modelsDir, repo);
  if (!repoFolder) return null;
  // A repo in the puller's layout has no such revision; a plain folder has no `resolve/` of its own.
  if (await folderUnder(modelsDir, repo, 'resolve')) return null;
  return fromFolder(modelsDir, [repo], repoFolder, new Set(['resolve']));
}
