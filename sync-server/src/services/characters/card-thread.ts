// Reads uploaded card files in a worker thread, so inflating a CHARX never stalls the requests sharing the event loop.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CARD_ERROR_STATUS, CardError, type CardErrorCode, type CardImport } from '@companion/core/cards';
import { AppError } from '../../errors.ts';

export interface CardReader {
  /** readCard off the event loop: the same result, and CardError for the same files. */
  read(bytes: Uint8Array, maxInputBytes: number): Promise<Pick<CardImport, 'card' | 'warnings'>>;
  close(): void;
}

interface Reply {
  id: number;
  result?: Pick<CardImport, 'card' | 'warnings'>;
  error?: { card: boolean; code: string; message: string };
}

/** As align-thread.ts: the bundled worker beside dist/main.js, or card-worker.ts through tsx when run from source. */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./card-read-worker.js', here));
  const tsx = pathToFileURL(join(dirname(createRequire(here).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./card-worker.ts', here).href;
  const loader = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
  return new Worker(loader, { eval: true });
}

const unavailable = (message: string) => new AppError('CARD_READER_FAILED', 503, `The card could not be read: ${message} Try again.`);

/**
 * One worker, started on first use and restarted after it dies. Reads run one at a time in it; the upload route's
 * rate limit and size limit bound what can wait.
 */
export function createCardThread(): CardReader {
  let worker: Worker | undefined;
  const waiting = new Map<number, (r: Reply) => void>();
  let next = 0;

  const start = (): Worker => {
    const w = startWorker();
    w.unref(); // an idle reader must not keep the process alive at shutdown
    const fail = (message: string) => {
      for (const [id, resolve] of waiting) resolve({ id, error: { card: false, code: 'CARD_READER_FAILED', message } });
      waiting.clear();
      if (worker === w) worker = undefined;
    };
    w.on('message', (r: Reply) => {
      waiting.get(r.id)?.(r);
      waiting.delete(r.id);
    });
    w.on('error', (e) => fail(`the reader thread failed (${e.message}).`));
    w.on('exit', () => fail('the reader thread stopped.'));
    return w;
  };

  return {
    read(bytes, maxInputBytes) {
      const w = (worker ??= start());
      const id = ++next;
      return new Promise((resolve, reject) => {
        waiting.set(id, (r) => {
          if (r.result) return resolve(r.result);
          const e = r.error;
          if (e?.card && e.code in CARD_ERROR_STATUS) reject(new CardError(e.code as CardErrorCode, e.message));
          else reject(unavailable(e?.message ?? 'unknown error.'));
        });
        w.postMessage({ id, bytes, maxInputBytes });
      });
    },
    close() {
      void worker?.terminate();
      worker = undefined;
    },
  };
}
