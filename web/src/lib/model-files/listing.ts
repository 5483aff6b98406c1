// The host's tree listing (Hugging Face's `api/models/<repo>/tree/<rev>?recursive=true`): sizes and LFS sha256 per
// path, read by core's one reader (core/src/hub), the same code the server's puller uses.
import { fetchTreeListing as fetchCoreListing, parseTreeListing, type ListedFile, type TreeListing } from '@companion/core/hub';
import { abortedError } from './errors';

export { parseTreeListing };
export type { ListedFile, TreeListing };

export interface FetchListingOptions {
  readonly base: string;
  readonly repo: string;
  readonly revision: string;
  readonly fetch: typeof fetch;
  readonly signal?: AbortSignal;
}

/**
 * The listing, or null when the host has none or it cannot be read: a host without a listing (an older mirror, a
 * static file server) still works; its files are then trusted on first use. Only an abort is thrown.
 */
export function fetchTreeListing(o: FetchListingOptions): Promise<TreeListing | null> {
  return fetchCoreListing({ ...o, aborted: () => abortedError('the file listing') });
}
