// What a file must be: size and sha256 from the catalog, else a pin from its first download, else the host's listing.
import type { FileTrust, ModelFileCache } from './cache';
import type { TreeListing } from './listing';

/** One file as the catalog states it (core's ModelFile): null where the catalog could not know. */
export interface ExpectedFile {
  readonly path: string;
  readonly size: number | null;
  readonly sha256: string | null;
}

export interface Expectation {
  readonly size: number | null;
  readonly sha256: string | null;
  /** Where the sha256 came from; null: nothing known, so the first download is trusted and pinned. */
  readonly trust: FileTrust | null;
}

export function expectedByPath(files: readonly ExpectedFile[] | undefined): Map<string, ExpectedFile> {
  return new Map((files ?? []).map((f) => [f.path, { ...f, sha256: f.sha256?.toLowerCase() ?? null }]));
}

/** True when the catalog alone settles the file, so the listing need not be fetched for it. */
export function catalogSettles(file: ExpectedFile | undefined): boolean {
  return file !== undefined && file.size !== null && file.sha256 !== null;
}

/**
 * Catalog first (shipped with the app); then a pin, so a file trusted on first use stays what it was even if a listing
 * later disagrees; then the listing. Sizes fill in from the same order.
 */
export async function resolveExpectation(
  path: string,
  catalog: ExpectedFile | undefined,
  cache: ModelFileCache,
  listing: () => Promise<TreeListing | null>,
): Promise<Expectation> {
  let size = catalog?.size ?? null;
  let sha256 = catalog?.sha256 ?? null;
  let trust: FileTrust | null = sha256 ? 'catalog' : null;
  if (sha256 === null) {
    const pin = await cache.getPin(path);
    if (pin) {
      sha256 = pin.sha256;
      size ??= pin.size;
      trust = 'first-use';
    }
  }
  if (sha256 === null || size === null) {
    const listed = (await listing())?.get(path);
    if (sha256 === null && listed?.sha256) {
      sha256 = listed.sha256;
      trust = 'listing';
    }
    size ??= listed?.size ?? null;
  }
  return { size, sha256, trust };
}

export const TRUST_SOURCE: Record<FileTrust, string> = {
  catalog: 'the model catalog',
  listing: "the host's file listing",
  'first-use': 'the first download of this file',
};
