// One reader of the Hub's tree listing for both sides: sizes, and sha256 for LFS files (`lfs.oid`), per path.

/** What the source says about one file; sha256 only where it states one (a plain git file's oid is a SHA-1). */
export interface ListedFile {
  readonly size: number | null;
  readonly sha256: string | null;
}

export type TreeListing = ReadonlyMap<string, ListedFile>;

const SHA256 = /^[0-9a-f]{64}$/;
/** The Hub pages long listings; a repo with more pages than this is not a model anyone loads. */
const MAX_PAGES = 20;

/** A relative path inside a repo: no leading slash, backslash, NUL, empty, `.` or `..` segment (as core's repoPathSchema). */
export function isSafeRepoPath(path: string): boolean {
  return (
    path.length > 0 &&
    path.length <= 300 &&
    !path.startsWith('/') &&
    !path.includes('\\') &&
    !path.includes('\0') &&
    path.split('/').every((s) => s !== '' && s !== '.' && s !== '..')
  );
}

const sizeOf = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);

/** Parses one page into `into`; entries that are not files, have unsafe paths or are malformed are skipped. */
export function parseTreeListing(json: unknown, into: Map<string, ListedFile> = new Map()): Map<string, ListedFile> {
  if (!Array.isArray(json)) throw new TypeError('tree listing is not an array');
  for (const entry of json as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as { type?: unknown; path?: unknown; size?: unknown; lfs?: unknown };
    if (e.type !== 'file' || typeof e.path !== 'string' || !isSafeRepoPath(e.path)) continue;
    const lfs = typeof e.lfs === 'object' && e.lfs !== null ? (e.lfs as { oid?: unknown; size?: unknown }) : null;
    const oid = typeof lfs?.oid === 'string' ? lfs.oid.replace(/^sha256:/, '').toLowerCase() : null;
    into.set(e.path, { size: sizeOf(lfs?.size) ?? sizeOf(e.size), sha256: oid !== null && SHA256.test(oid) ? oid : null });
  }
  return into;
}

/** `<base>/api/models/<repo>/tree/<rev>?recursive=true`; a base path (`/models/`) is kept, a revision is one segment. */
export function treeListingUrl(base: string, repo: string, revision: string): string {
  return new URL(`api/models/${repo}/tree/${encodeURIComponent(revision)}?recursive=true`, base.endsWith('/') ? base : `${base}/`).toString();
}

/** `<url>; rel="next"` from a Link header. */
function nextPage(link: string | null): string | null {
  for (const part of link?.split(',') ?? []) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (m?.[1]) return m[1];
  }
  return null;
}

export interface FetchTreeListingOptions {
  readonly base: string;
  readonly repo: string;
  readonly revision: string;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
  /** Extra request headers (a Hub token: the caller sends it only to the Hub). */
  readonly headers?: Record<string, string>;
  /** The error to throw when the signal fires (each side has its own coded abort). */
  readonly aborted: () => Error;
}

/**
 * The listing, or null when the source has none, cannot be reached, or fails part-way: callers then fall back to
 * what downloads reveal (trust on first use), which is safer than a partial list that would hide optional files.
 * A next page on another origin is not followed: the token and the trust go no further than the source.
 */
export async function fetchTreeListing(o: FetchTreeListingOptions): Promise<TreeListing | null> {
  const doFetch = o.fetch ?? fetch;
  const files = new Map<string, ListedFile>();
  let url: string | null = treeListingUrl(o.base, o.repo, o.revision);
  const origin = new URL(url).origin;
  try {
    for (let page = 0; url !== null && page < MAX_PAGES; page++) {
      const res: Response = await doFetch(url, { signal: o.signal, headers: { accept: 'application/json', ...o.headers } });
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        return null;
      }
      parseTreeListing(await res.json(), files);
      const next = nextPage(res.headers.get('link'));
      const resolved: string | null = next === null ? null : new URL(next, url).toString();
      url = resolved !== null && new URL(resolved).origin === origin ? resolved : null;
    }
    return files;
  } catch {
    if (o.signal?.aborted) throw o.aborted();
    return null;
  }
}
