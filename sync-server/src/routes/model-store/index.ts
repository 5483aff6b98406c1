// Serves the local model store in Hugging Face's URL layout, so browsers on the LAN (and transformers.js or
// WebLLM pointed at this server) load models from the user's own machine instead of the internet.
import { extname } from 'node:path';
import { createRouter } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { realpathUnder } from '../../lib/safe-path.ts';
import { sendFile } from '../../lib/send-file.ts';

const TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** `<repo>/resolve/<revision>/<file>`, where repo is `name` or `owner/name` and file may have folders. */
export function parseHubPath(path: string): { repo: string; revision: string; file: string } | null {
  const match = /^((?:[^/]+\/)?[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
  if (!match) return null;
  const [, repo = '', revision = '', file = ''] = match;
  return { repo, revision, file };
}

/**
 * The store holds one revision of each model at `<MODELS_DIR>/<repo>/<file>`; any revision name is answered
 * from it, since a mirror's job is to serve what it has (the puller checks hashes on the way in).
 */
export function createModelStoreRoutes({ modelsDir }: { modelsDir: string }) {
  const router = createRouter();
  router.on(['GET', 'HEAD'], '/*', async (c) => {
    const rest = c.req.path.replace(/^.*?\/models\//, '');
    const hub = parseHubPath(rest);
    if (!hub) throw new AppError('NOT_FOUND', 404, 'Model files are served as /models/<repo>/resolve/<revision>/<file>.');
    // Unfinished downloads are never served: a mirror must not hand out a file that failed its hash check.
    if (hub.file.endsWith('.part')) throw new AppError('MODEL_FILE_NOT_FOUND', 404, 'That file is still downloading.');
    const file = await realpathUnder(modelsDir, hub.repo, hub.file).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    });
    const response = file
      ? await sendFile(c, file, {
          contentType: TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          // Model files change only when re-pulled; revalidation is one cheap 304.
          cacheControl: 'no-cache',
        })
      : undefined;
    if (!response) throw new AppError('MODEL_FILE_NOT_FOUND', 404, `No file ${hub.file} for model ${hub.repo} in the store.`);
    return response;
  });
  return router;
}
