// The browser side of XttsHost: onnxruntime-web sessions and verified, cached model files from our mirror or the Hub.
import { createVerifiedModelReader, fetchTreeListing } from '../../lib/model-files';
import { XttsHost, type OpenedSource, type XttsLoadProgress } from './xtts-host';
import { createOrtRuntime } from './xtts-ort';
import { hostBase, repoPath, type XttsSource } from './xtts-source';

async function openSource(
  source: XttsSource,
  o: { signal?: AbortSignal; onProgress?: (p: XttsLoadProgress) => void },
): Promise<OpenedSource> {
  const base = hostBase(source.host, self.location.origin);
  const folderPrefix = source.folder ? `${source.folder}/` : '';
  const read = createVerifiedModelReader({
    base,
    repo: source.repo,
    revision: source.revision,
    // Catalog sizes and hashes (C3); a custom repository is checked against the host's listing instead.
    expected: source.expected?.map((f) => ({ ...f, path: repoPath(source, f.path) })),
    signal: o.signal,
    onProgress: (p) => o.onProgress?.({ phase: 'download', ...p, file: p.file.startsWith(folderPrefix) ? p.file.slice(folderPrefix.length) : p.file }),
  });
  const present = new Set<string>();
  if (source.optionalFiles?.length) {
    // Optional files are read only when the host lists them: asking for a missing one would be a 404.
    const listing = await fetchTreeListing({ base, repo: source.repo, revision: source.revision, fetch: (i, init) => fetch(i, init), signal: o.signal });
    for (const f of source.optionalFiles) if (listing?.has(repoPath(source, f))) present.add(f);
  }
  return { read: (path) => read(repoPath(source, path)), present };
}

export function createXttsHost(): XttsHost {
  return new XttsHost({ createRuntime: createOrtRuntime, openSource });
}
