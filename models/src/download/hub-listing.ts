// Reads a repository's file list from the Hub's tree API (or a mirror that speaks it): the sizes and sha256 of files
// the catalog could not state, and which optional files (an ONNX external-data file) exist at all. The reading is
// core's (core/src/hub), shared with the browser; the puller only needs files whose size is stated.
import { fetchTreeListing, treeListingUrl } from '../../../core/src/hub/tree-listing.ts';
import { DownloadError } from './errors.ts';

/** What the source says about one file: its size, and its sha256 where it states one (Hub LFS files: `lfs.oid`). */
export interface ListedFile {
  size: number;
  sha256: string | null;
}

/** A repository's files by path; null from `fetchRepoListing` when the source offers no listing. */
export type RepoListing = Map<string, ListedFile>;

export interface ListingOptions {
  /** Base URL in Hugging Face's layout: `https://huggingface.co` or a mirror such as `http://host/models`. */
  base: string;
  repo: string;
  revision: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Sent only when the base is the Hub (a token stays with its host). */
  headers?: Record<string, string>;
}

/** `<base>/api/models/<repo>/tree/<revision>?recursive=true`, as the Hub names it. */
export const listingUrl = treeListingUrl;

/** The repository's files with a stated size, or null when the source has no listing or cannot be read. */
export async function fetchRepoListing(o: ListingOptions): Promise<RepoListing | null> {
  const listing = await fetchTreeListing({ ...o, aborted: () => new DownloadError('ABORTED', 'download aborted') });
  if (!listing) return null;
  const files: RepoListing = new Map();
  for (const [path, f] of listing) if (f.size !== null) files.set(path, { size: f.size, sha256: f.sha256 });
  return files;
}
