// URLs in Hugging Face's layout (`<base><repo>/resolve/<rev>/<path>`), which our server's /models/ mirror also speaks.
import { HF_REPO_PATTERN } from '@companion/core/schemas';
import { isSafeRepoPath, treeListingUrl } from '@companion/core/hub';
import { modelFileError } from './errors';


export { isSafeRepoPath };

export function checkSource(repo: string, revision: string): void {
  if (!HF_REPO_PATTERN.test(repo))
    throw modelFileError('MODEL_FILE_BAD_PATH', `"${repo}" is not a repository name (owner/name).`, { repo });
  if (revision.length === 0 || revision.length > 100 || revision.split('/').some((s) => s === '..' || s === '.')) {
    throw modelFileError('MODEL_FILE_BAD_PATH', `"${revision}" is not a revision name.`, { revision });
  }
}

export function checkPath(path: string): void {
  if (!isSafeRepoPath(path))
    throw modelFileError('MODEL_FILE_BAD_PATH', `"${path}" is not a relative file path inside the model.`, { path });
}

/** The base with exactly one trailing slash, so `new URL(rel, base)` keeps its path (`/models/`). */
export function normalizeBase(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

const encodePath = (p: string): string => p.split('/').map(encodeURIComponent).join('/');

export function fileUrl(base: string, repo: string, revision: string, path: string): string {
  // A revision like `refs/pr/1` is one segment on the Hub, so its slashes are encoded.
  return new URL(`${repo}/resolve/${encodeURIComponent(revision)}/${encodePath(path)}`, normalizeBase(base)).toString();
}

/** The Hub listing's URL (core's, shared with the puller). */
export const treeUrl = treeListingUrl;
