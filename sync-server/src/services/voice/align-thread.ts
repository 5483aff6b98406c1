// Lip-sync alignment in worker threads, so a long sentence's DTW never stalls the requests sharing the event loop.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CodedError } from '@companion/core/errors';
import type { AlignedSpeech, AlignJob } from './align-job.ts';

export interface Aligner {
  align(job: AlignJob): Promise<AlignedSpeech>;
  close(): void;
}

interface Reply {
  id: number;
  result?: AlignedSpeech;
  error?: { code: string; message: string };
}

/**
 * The worker. In the esbuild bundle (dist/main.js) it is the voice-align-worker.js that scripts/build.mjs writes
 * beside it. From source (vitest, tsx) it is align-worker.ts, imported through tsx's API by a small eval'd loader
 * (Node 20 does not apply a worker's `--import tsx` to the worker's own entry file).
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./voice-align-worker.js', here));
  // The ESM build of tsx/esm/api (what its exports map gives `import`); require.resolve would give the CommonJS one.
  const tsx = pathToFileURL(join(dirname(createRequire(here).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./align-worker.ts', here).href;
  const loader = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
  return new Worker(loader, { eval: true });
}

const failed = (message: string) => new CodedError('LIP_SYNC_FAILED', message, { recoverable: true });

/**
 * `threads` workers, started on first use, each aligning one job at a time (jobs go to the least busy). The caller
 * bounds how many jobs there are (the synthesis pool's slots), so a job never waits behind an unbounded queue. A
 * worker that dies fails its jobs and is started afresh for the next one.
 */
export function createAlignThreads(options: { threads?: number } = {}): Aligner {
  const count = Math.max(1, options.threads ?? 1);
  type Slot = { worker: Worker; busy: number; waiting: Map<number, (r: Reply) => void> };
  const slots: (Slot | undefined)[] = Array.from({ length: count }, () => undefined);
  let next = 0;
  let closed = false;

  const start = (i: number): Slot => {
    const worker = startWorker();
    worker.unref(); // an idle alignment thread must not keep the process alive at shutdown
    const slot: Slot = { worker, busy: 0, waiting: new Map() };
    const fail = (message: string) => {
      for (const [id, resolve] of slot.waiting) resolve({ id, error: { code: 'LIP_SYNC_FAILED', message } });
      slot.waiting.clear();
      if (slots[i] === slot) slots[i] = undefined;
    };
    worker.on('message', (r: Reply) => {
      slot.waiting.get(r.id)?.(r);
      slot.waiting.delete(r.id);
    });
    worker.on('error', (e) => fail(`The alignment thread failed: ${e.message}`));
    worker.on('exit', () => fail('The alignment thread stopped.'));
    return slot;
  };

  return {
    align(job) {
      if (closed) return Promise.reject(failed('The alignment threads are closed.'));
      // A running idle worker, else one not started yet, else the least busy.
      let index = slots.findIndex((s) => s !== undefined && s.busy === 0);
      if (index < 0) index = slots.indexOf(undefined);
      if (index < 0) index = slots.reduce((best, s, i) => (s!.busy < slots[best]!.busy ? i : best), 0);
      const slot = (slots[index] ??= start(index));
      const id = ++next;
      slot.busy += 1;
      return new Promise<AlignedSpeech>((resolve, reject) => {
        slot.waiting.set(id, (r) => {
          slot.busy -= 1;
          if (r.result) resolve(r.result);
          else reject(new CodedError(r.error?.code ?? 'LIP_SYNC_FAILED', r.error?.message ?? 'Alignment failed.', { recoverable: true }));
        });
        // Copies, not transfers: the caller still encodes these samples.
        slot.worker.postMessage({ id, job });
      });
    },
    close() {
      closed = true;
      for (const s of slots) void s?.worker.terminate();
    },
  };
}
