// Main-thread handle on the TTS worker, created on first use.
import * as Comlink from 'comlink';
import { installCodedErrorTransfer } from '../../workers/comlink-errors';
import type { TtsWorkerApi } from '../../workers/tts/tts.worker';

let remote: Comlink.Remote<TtsWorkerApi> | null = null;

export function ttsWorker(): Comlink.Remote<TtsWorkerApi> {
  if (!remote) {
    installCodedErrorTransfer();
    const worker = new Worker(new URL('../../workers/tts/tts.worker.ts', import.meta.url), { type: 'module', name: 'tts' });
    remote = Comlink.wrap<TtsWorkerApi>(worker);
  }
  return remote;
}
