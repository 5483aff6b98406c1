// The card reader in a worker, for files large enough to freeze the page; small files are read in place.
import * as Comlink from 'comlink';
import type { CardFileParser } from '../../db/characters';
import { installCodedErrorTransfer } from '../comlink-errors';
import type { CardsWorkerApi } from './cards.worker';

/** A parser backed by a short-lived worker: it starts for one import batch and is ended by `close`. */
export function workerCardParser(): { parse: CardFileParser; close(): void } {
  installCodedErrorTransfer();
  const worker = new Worker(new URL('./cards.worker.ts', import.meta.url), { type: 'module', name: 'cards' });
  const api = Comlink.wrap<CardsWorkerApi>(worker);
  return {
    // Copied, not transferred: the caller may still read the bytes after parsing.
    parse: (bytes, fileName) => api.read(bytes, fileName),
    close: () => worker.terminate(),
  };
}
