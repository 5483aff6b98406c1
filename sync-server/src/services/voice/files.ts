// Voice files under DATA_DIR/voice/<user id>/<server-made name>, every path through safe-path (U4).
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { resolveUnder } from '../../lib/safe-path.ts';

export interface VoiceFiles {
  write(userId: string, name: string, bytes: Uint8Array): Promise<void>;
  read(userId: string, name: string): Promise<Uint8Array>;
  remove(userId: string, name: string): Promise<void>;
}

export function createVoiceFiles(dataDir: string): VoiceFiles {
  const root = join(dataDir, 'voice');
  const at = (userId: string, name: string) => resolveUnder(root, userId, name);
  return {
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
  };
}
