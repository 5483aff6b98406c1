// Serves the local model store in Hugging Face's URL layout, so browsers on the LAN (and transformers.js or
// WebLLM pointed at this server) load models from the user's own machine instead of the internet.
import { extname } from 'node:path';
import { createRouter } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { normalizeSegments, realpathPublicUnder } from '../../lib/safe-path.ts';
import { sendFile } from '../../lib/send-file.ts';
import { listRepoFiles, parseTreePath } from './tree-listing.ts';
import { listStoreModels, type StoreCatalogInfo } from './store-listing.ts';

export { listRepoFiles, parseTreePath, type TreeEntry } from './tree-listing.ts';

const TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * The file's real path under root, or undefined when it does not exist; traversal and hidden names (`.git/config`,
 * `.env`, `.catalog/`, `.manifests/`) still throw PATH_REFUSED.
 */
async function existingUnder(root: string, ...segments: string[]): Promise<string | undefined> {
  return realpathPublicUnder(root, ...segments).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  });
}

/** `<repo>/resolve/<revision>/<file>`, where repo is `name` or `owner/name` and file may have folders. */
export function parseHubPath(path: string): { repo: string; revision: string; file: string } | null {
  const match = /^((?:[^/]+\/)?[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
  if (!match) return null;
  const [, repo = '', revision = '', file = ''] = match;
  return { repo, revision, file };
}

/** An unfinished download (`.part`, in any case; Windows ignores trailing dots and spaces). */
export const isPartial = (name: string): boolean => /\.part[. ]*$/i.test(name);

const LISTING_PREFIX = 'api/models/';

/**
 * Files are looked up where `npm run models -- pull` puts them, `<MODELS_DIR>/<repo>/resolve/<revision>/<file>`,
 * then in a plain repository folder, `<MODELS_DIR>/<repo>/<file>`, so a model folder copied in by hand (or a
 * generated test model) is served too. `api/models/<repo>/tree/<revision>` lists a repo's files as the Hub does.
 */
export function createModelStoreRoutes({ modelsDir, catalog = [] }: { modelsDir: string; catalog?: readonly StoreCatalogInfo[] }) {
  const router = createRouter();
  router.on(['GET', 'HEAD'], '/*', async (c) => {
    const rest = c.req.path.replace(/^.*?\/models\//, '');
    // The store's own model list (the Hub's `/api/models` answers a search; this one answers what is here).
    if (rest === 'api/models' || rest === 'api/models/') {
      c.header('cache-control', 'no-cache');
      return c.json(await listStoreModels(modelsDir, catalog));
    }
    if (rest.startsWith(LISTING_PREFIX)) {
      const tree = parseTreePath(rest.slice(LISTING_PREFIX.length));
      if (!tree) throw new AppError('NOT_FOUND', 404, 'Model files are listed at /models/api/models/<owner>/<name>/tree/<revision>.');
      const files = await listRepoFiles(modelsDir, tree.repo, tree.revision);
      if (!files) throw new AppError('MODEL_NOT_FOUND', 404, `No model ${tree.repo} at revision ${tree.revision} in the store.`);
      // Listings change with every pull: always revalidated.
      c.header('cache-control', 'no-cache');
      return c.json(files);
    }
    const hub = parseHubPath(rest);
    if (!hub) throw new AppError('NOT_FOUND', 404, 'Model files are served as /models/<repo>/resolve/<revision>/<file>.');
    // Unfinished downloads are never served: a mirror must not hand out a file that failed its hash check. Checked on
    // the decoded, normalised parts, which is what the disk sees: `x.part/`, `x.part/.`, `x.part%2f`, `x.par%2574`.
    if (normalizeSegments([hub.repo, hub.revision, hub.file]).some(isPartial)) throw new AppError('MODEL_FILE_NOT_FOUND', 404, 'That file is still downloading.');
    const file =
      (await existingUnder(modelsDir, hub.repo, 'resolve', hub.revision, hub.file)) ??
      (await existingUnder(modelsDir, hub.repo, hub.file));
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
