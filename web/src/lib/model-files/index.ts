// Verified, cached, resumable model-file downloads for Web Workers (XTTS first): see README.md.
export { createVerifiedModelReader } from './reader';
export type { VerifiedModelReaderOptions } from './reader';
export type { ModelFileProgress } from './progress';
export type { ExpectedFile } from './expectations';
export { createMemoryModelFileCache } from './cache';
export type { CachedModelFile, FileTrust, ModelFileCache, ModelFileRecord } from './cache';
export { clearModelFiles, createCacheApiModelFileCache, listCachedModels, modelCacheName } from './cache-api';
export type { CachedModelSummary } from './cache-api';
export { fetchTreeListing, parseTreeListing } from './listing';
export type { ListedFile, TreeListing } from './listing';
export type { ModelFileErrorCode } from './errors';
export { fileUrl, treeUrl } from './urls';
