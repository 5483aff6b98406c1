// Cloned voices on the main thread: the stored records (IndexedDB, loaded on demand) and the TTS worker that speaks them.
import * as Comlink from 'comlink';
import { CodedError } from '@companion/core/errors';
import type { StoredVoice, VoiceStore } from '../../db/voices';
import type { XttsBackendChoice, XttsLoadInfo, XttsLoadProgress, XttsSpokenChunk } from '../../workers/tts/tts.worker';
import { CLONE_PREFIX } from './voice-ids';
import { ttsWorker } from './tts-client';

let store: Promise<VoiceStore> | null = null;

/** The voice store, imported on first use so Dexie and the records stay off the first page's critical path. */
export function voiceStore(): Promise<VoiceStore> {
  store ??= import('../../db/voices').then((m) => m.createVoiceStore());
  return store;
}

const changes = new EventTarget();

/** Voices were added, renamed or deleted: pickers re-read the list. */
export function notifyVoicesChanged(): void {
  changes.dispatchEvent(new Event('change'));
}

export function onVoicesChanged(listener: () => void): () => void {
  changes.addEventListener('change', listener);
  return () => changes.removeEventListener('change', listener);
}

/** Languages of the voices handed to the worker, so speech uses the language each was cloned for. */
const languages = new Map<string, string>();

/** Loads the model a stored voice was cloned with (kept if already loaded) and registers the voice in the worker. */
export async function prepareClonedVoice(
  id: string,
  backend: XttsBackendChoice = 'auto',
  onProgress?: (p: XttsLoadProgress) => void,
): Promise<{ voice: StoredVoice; info: XttsLoadInfo }> {
  const voice = await (await voiceStore()).get(id);
  if (!voice) throw new CodedError('VOICE_NOT_FOUND', 'This cloned voice is no longer on this device.', { recoverable: false });
  const worker = ttsWorker();
  const { xttsSourceFor } = await import('./xtts-models');
  const info = await worker.loadXtts(xttsSourceFor(voice.model), backend, onProgress ? Comlink.proxy(onProgress) : undefined);
  await worker.registerVoice(id, voice.voice);
  languages.set(id, voice.language);
  return { voice, info };
}

/** Speaks one sentence in a prepared cloned voice, handing each chunk on as the worker makes it. */
export function speakCloned(text: string, id: string, onChunk: (chunk: XttsSpokenChunk) => void, seed?: number) {
  return ttsWorker().speak(text, { voice: `${CLONE_PREFIX}${id}`, language: languages.get(id), seed }, Comlink.proxy(onChunk));
}
