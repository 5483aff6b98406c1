// The download module's public face: pull, verify, list and remove models in a store the server can serve as a mirror.
export { DownloadError } from './errors.ts';
export type { DownloadErrorCode } from './errors.ts';
export { fetchFile, sha256File } from './fetch-file.ts';
export type { FetchFileOptions, FetchFileResult, FileProgress } from './fetch-file.ts';
export { HF_BASE, planPull, pullModel, verifyModel, webllmLibPath } from './pull.ts';
export type { PlannedFile, PullableEntry, PullOptions, PullPlan, PullProgress } from './pull.ts';
export { fetchRepoListing, listingUrl } from './hub-listing.ts';
export type { ListedFile, ListingOptions, RepoListing } from './hub-listing.ts';
export {
  DEFAULT_STORE_DIR,
  MANIFEST_DIR,
  listManifests,
  manifestPath,
  readManifest,
  removeModel,
  revisionDir,
  sourceUrl,
  storeDirFromEnv,
  storeFilePath,
} from './store.ts';
export { createProgressBar, formatBytes } from './progress-bar.ts';
