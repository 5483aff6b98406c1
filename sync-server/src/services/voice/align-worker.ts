// Worker-thread entry for lip-sync alignment (align-thread.ts starts it): DTW would hold the event loop for a third of
// a second on a 10 s sentence. Built beside the bundle as dist/voice-align-worker.js (scripts/build.mjs).
import { parentPort } from 'node:worker_threads';
import { serializeError } from '@companion/core/errors';
import { alignSpeech, type AlignJob } from './align-job.ts';

parentPort?.on('message', (msg: { id: number; job: AlignJob }) => {
  try {
    parentPort?.postMessage({ id: msg.id, result: alignSpeech(msg.job) });
  } catch (error) {
    const { code, message } = serializeError(error);
    parentPort?.postMessage({ id: msg.id, error: { code, message } });
  }
});
