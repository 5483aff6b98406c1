// Voice files under DATA_DIR/voice/<user id>/<server-made name>, every path through safe-path (U4).
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AppError } from '../../errors.ts';
import { resolveUnder } from '../../lib/safe-path.ts';

export interface VoiceFiles {
  /** DATA_DIR/voice: one folder per user below it. */
  readonly root: string;
  write(userId: string, name: string, bytes: Uint8Array): Promise<void>;
  read(userId: string, name: string): Promise<Uint8Array>;
  remove(userId: string, name: string): Promise<void>;
  /** A deleted account's folder and everything in it. */
  removeUser(userId: string): Promise<void>;
}

/** User ids are server-made UUIDs; anything else never names a folder to delete. */
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

export function createVoiceFiles(dataDir: string): VoiceFiles {
  const root = resolve(dataDir, 'voice');
  const at = (userId: string, name: string) => resolveUnder(root, userId, name);
  return {
    root,
    async write(userId, name, bytes) {
      const path = at(userId, name);
      await mkdir(dirname(path), { recursive: true });
      // Written aside and renamed, so a crash never leaves a half file under a name the database points at.
      const tmp = `${path}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, path);
    },
    async read(userId, name) {
      return new Uint8Array(await readFile(at(userId, name)));
    },
    async remove(userId, name) {
      await rm(at(userId, name), { force: true });
    },
    async removeUser(userId) {
      // A recursive delete: the id must name exactly one folder below root, never root itself.
      if (!USER_ID.test(userId)) throw new AppError('PATH_REFUSED', 400, 'That path is not allowed.');
      const dir = resolveUnder(root, userId);
      if (dir === root || dirname(dir) !== root) throw new AppError('PATH_REFUSED', 400, 'That path is not allowed.');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
