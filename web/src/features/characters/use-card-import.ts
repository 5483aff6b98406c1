// Imports character card files (PNG/APNG, JSON, CHARX) chosen or dropped by the user, one by one, with a result
// line per file: what was added, or what is wrong with the file.
import { useCallback, useState } from 'react';
import { characters } from '../../app/stores';
import { userMessage } from '../../ui/user-error';
import { askToPersistOnce } from '../../app/persist';
import { WORKER_THRESHOLD_BYTES } from '../../workers/cards/threshold';

export interface ImportOutcome {
  file: string;
  ok: boolean;
  text: string;
  characterId?: string;
}

export const CARD_FILE_TYPES = '.png,.apng,.json,.charx,image/png,application/json';

export function useCardImport() {
  const [outcomes, setOutcomes] = useState<ImportOutcome[]>([]);
  const [busy, setBusy] = useState(false);
  const importFiles = useCallback(async (files: Iterable<File>) => {
    setBusy(true);
    const results: ImportOutcome[] = [];
    const list = [...files];
    // Large files are parsed in a worker (loaded only then), so the page does not freeze on a big CHARX.
    const worker = list.some((f) => f.size > WORKER_THRESHOLD_BYTES)
      ? (await import('../../workers/cards/cards-client')).workerCardParser()
      : null;
    for (const file of list) {
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const parse = worker && file.size > WORKER_THRESHOLD_BYTES ? worker.parse : undefined;
        const { character, warnings } = await characters().importFile(bytes, file.name, parse);
        const notes =
          warnings.length > 0
            ? ` (${warnings.length} note${warnings.length > 1 ? 's' : ''}: ${warnings.slice(0, 2).join('; ')})`
            : '';
        results.push({
          file: file.name,
          ok: true,
          text: `Imported ${character.card.name}${notes}.`,
          characterId: character.id,
        });
      } catch (error) {
        results.push({ file: file.name, ok: false, text: `${file.name}: ${userMessage(error).message}` });
      }
    }
    worker?.close();
    if (results.some((r) => r.ok)) askToPersistOnce();
    setOutcomes(results);
    setBusy(false);
    return results;
  }, []);
  return { outcomes, busy, importFiles, clear: () => setOutcomes([]) };
}
