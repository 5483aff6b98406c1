// The file sweep: voice files that no row and no account points at any more (a crash between writing a file and
// inserting its row, a deleted account whose folder removal failed) are removed once they are old enough.
import type { Dirent } from 'node:fs';
import { lstat, readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { VoiceStore } from './store.ts';

/**
 * Files younger than this are left alone: a write in progress (file written, row not yet inserted; a clone computing
 * between the two) looks exactly like an orphan. An hour is far longer than any write takes.
 */
export const SWEEP_GRACE_MS = 60 * 60 * 1000;

export interface SweepOptions {
  /** Wall-clock time in ms (file times are wall-clock, whatever clock the rest of the server uses). */
  now?: number;
  graceMs?: number;
}

export interface SweepResult {
  /** Orphan files removed. */
  removed: number;
  /** Orphans kept because they are younger than the grace period. */
  young: number;
  /** Folders of accounts that no longer exist, removed once empty. */
  folders: number;
}

const list = async (dir: string): Promise<Dirent[]> => {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
};

/**
 * Walks `root` (DATA_DIR/voice): each folder is a user id. Names come from readdir, so they are real entries of the
 * folder being walked; only plain files are removed (links and sub-folders are never followed or touched).
 */
export async function sweepVoiceFiles(root: string, store: Pick<VoiceStore, 'userExists' | 'fileNames'>, o: SweepOptions = {}): Promise<SweepResult> {
  const now = o.now ?? Date.now();
  const grace = o.graceMs ?? SWEEP_GRACE_MS;
  const result: SweepResult = { removed: 0, young: 0, folders: 0 };
  for (const folder of await list(root)) {
    if (!folder.isDirectory()) continue;
    const dir = join(root, folder.name);
    const exists = await store.userExists(folder.name);
    // Rows first, then files: a file whose row is inserted meanwhile was written moments ago, so the grace period keeps it.
    const known = exists ? await store.fileNames(folder.name) : new Set<string>();
    let left = 0;
    for (const entry of await list(dir)) {
      if (!entry.isFile() || known.has(entry.name)) {
        left += 1;
        continue;
      }
      const path = join(dir, entry.name);
      const stat = await lstat(path).catch(() => undefined);
      if (!stat) continue;
      if (now - stat.mtimeMs < grace) {
        result.young += 1;
        left += 1;
        continue;
      }
      await rm(path, { force: true });
      result.removed += 1;
    }
    if (!exists && left === 0) {
      // rmdir refuses a folder that gained a file since: that file's writer wins.
      await rmdir(dir).then(
        () => (result.folders += 1),
        () => undefined,
      );
    }
  }
  return result;
}
