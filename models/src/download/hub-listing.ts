// Reads a repository's file list from the Hub's tree API (or a mirror that speaks it): the sizes and sha256 of files
// the catalog could not state, and which optional files (an ONNX external-data file) exist at all.
import { z } from 'zod';
import { repoPathSchema, sha256Schema } from '../../../core/src/schemas/models.ts';
import { DownloadError } from './errors.ts';

/** What the source says about one file: its size, and its sha256 where it states one (Hub LFS files: `lfs.oid`). */
export interface ListedFile {
  size: number;
  sha256: string | null;
}

/** A repository's files by path; null from `fetchRepoListing` when the source offers no listing. */
export type RepoListing = Map<string, ListedFile>;

const entrySchema = z.object({
  type: z.string(),
  path: z.string(),
  size: z.number().int().nonnegative().optional(),
  lfs: z.object({ oid: z.string(), size: z.number().int().nonnegative() }).partial().optional(),
});

/** Pages are followed while the source links a next one; a repository with more files than this is not a model. */
const MAX_PAGES = 20;

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
export function listingUrl(base: string, repo: string, revision: string): string {
  return `${base.replace(/\/+$/, '')}/api/models/${repo}/tree/${encodeURIComponent(revision)}?recursive=true`;
}

/** The `rel="next"` target of a Link header, which is how the Hub pages long listings. */
function nextLink(header: string | null): string | null {
  const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(header ?? '');
  return m?.[1] ?? null;
}

/**
 * The repository's files, or null when the source has no listing (an older mirror, a plain file server) or cannot be
 * reached: callers then fall back to what file downloads themselves reveal. Malformed entries are skipped, and a
 * sha256 is taken only from `lfs.oid` (for Hub files outside LFS the `oid` is a git blob id, not a sha256).
 */
export async function fetchRepoListing(o: ListingOptions): Promise<RepoListing | null> {
  const doFetch = o.fetch ?? fetch;
  const files: RepoListing = new Map();
  let url: string | null = listingUrl(o.base, o.repo, o.revision);
  const origin = new URL(url).origin;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    let body: unknown;
    let next: string | null;
    try {
      const res = await doFetch(url, { headers: { accept: 'application/json', ...o.headers }, signal: o.signal });
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        return null;
      }
      body = await res.json();
      next = nextLink(res.headers.get('link'));
    } catch {
      if (o.signal?.aborted) throw new DownloadError('ABORTED', 'download aborted');
      return null;
    }
    if (!Array.isArray(body)) return null;
    for (const raw of body) {
      const parsed = entrySchema.safeParse(raw);
      if (!parsed.success || parsed.data.type !== 'file' || !repoPathSchema.safeParse(parsed.data.path).success) continue;
      const { path, size, lfs } = parsed.data;
      const sha = lfs?.oid && sha256Schema.safeParse(lfs.oid).success ? lfs.oid : null;
      const bytes = lfs?.size ?? size;
      if (bytes === undefined) continue;
      files.set(path, { size: bytes, sha256: sha });
    }
    // A next page on another origin is not followed: the token and the trust go no further than the source.
    url = next && new URL(next, url).origin === origin ? new URL(next, url).toString() : null;
  }
  return files;
}
