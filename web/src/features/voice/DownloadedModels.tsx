// Voice-model files kept in this browser's cache: how much space each takes, and a button to remove them.
// Cloned voices stay (they are small and keep their sample); speaking them needs the model downloaded again.
import { useCallback, useEffect, useState } from 'react';
import { clearModelFiles, listCachedModels, type CachedModelSummary } from '../../lib/model-files';
import { formatBytes } from '../../lib/format-bytes';

export function DownloadedModels({ refreshKey }: { refreshKey: unknown }) {
  const [models, setModels] = useState<CachedModelSummary[] | null>(null);
  const refresh = useCallback(() => void listCachedModels().then(setModels, () => setModels([])), []);
  useEffect(refresh, [refresh, refreshKey]);

  if (!models || models.length === 0) return null;
  return (
    <section aria-label="Downloaded voice models">
      <h3>Downloaded voice models</h3>
      <ul>
        {models.map((m) => (
          <li key={`${m.repo}@${m.revision}`} data-testid="downloaded-model">
            {m.repo} ({m.revision}): {m.files} files, {formatBytes(m.bytes)}{' '}
            <button type="button" onClick={() => void clearModelFiles(m.repo, m.revision).then(refresh)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
