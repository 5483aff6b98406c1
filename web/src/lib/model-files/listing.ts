// The host's tree listing (Hugging Face's `api/models/<repo>/tree/<rev>?recursive=true`): sizes and LFS sha256 per path.
import { abortedError } from './errors';
import { treeUrl } from './urls';

export interface ListedFile {
  readonly size: number | null;
  /** The LFS object id, which is the file's sha256; null for plain git files (their oid is a git SHA-1). */
  readonly sha256: string | null;
}

export type TreeListing = ReadonlyMap<string, ListedFile>;

const SHA256 = /^[0-9a-f]{64}$/;
/** The Hub pages long listings (1000 entries a page); a repo with more pages than this is not a model we load. */
const MAX_PAGES = 20;

const sizeOf = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);

/** Parses one page; entries that are not files or are malformed are skipped rather than failing the whole listing. */
export function parseTreeListing(json: unknown, into: Map<string, ListedFile> = new Map()): Map<string, ListedFile> {
  if (!Array.isArray(json)) throw new TypeError('tree listing is not an array');
  for (const entry of json as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as { type?: unknown; path?: unknown; size?: unknown; lfs?: unknown };
    if (e.type !== 'file' || typeof e.path !== 'string') continue;
    const lfs = typeof e.lfs === 'object' && e.lfs !== null ? (e.lfs as { oid?: unknown; size?: unknown }) : null;
    const oid = typeof lfs?.oid === 'string' ? lfs.oid.replace(/^sha256:/, '').toLowerCase() : null;
    into.set(e.path, {
      size: sizeOf(lfs?.size) ?? sizeOf(e.size),
      sha256: oid !== null && SHA256.test(oid) ? oid : null,
    });
  }
  return into;
}

/** `<url>; rel="next"` from a Link header, resolved against the page it came with. */
function nextPage(link: string | null, current: string): string | null {
  for (const part of link?.split(',') ?? []) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (m?.[1]) return new URL(m[1], current).toString();
  }
  return null;
}

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
export async function fetchTreeListing(o: FetchListingOptions): Promise<TreeListing | null> {
  const files = new Map<string, ListedFile>();
  let url: string | null = treeUrl(o.base, o.repo, o.revision);
  try {
    for (let page = 0; url !== null && page < MAX_PAGES; page++) {
      const res: Response = await o.fetch(url, { signal: o.signal, headers: { accept: 'application/json' } });
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        return page === 0 ? null : files;
      }
      parseTreeListing(await res.json(), files);
      url = nextPage(res.headers.get('link'), url);
    }
    return files;
  } catch (error) {
    if (o.signal?.aborted) throw abortedError('the file listing');
    void error;
    return files.size > 0 ? files : null;
  }
}
