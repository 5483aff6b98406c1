// The `tts` option of POST /api/chat/stream: each completed sentence is synthesised and sent as an `audio` event.
import type { StreamEvent } from '@companion/core/llm';
import { SentenceSplitter } from '@companion/core/text';
import { AppError } from '../../errors.ts';
import type { ResolvedVoice, Voice } from '../../services/voice/index.ts';
import { audioEvent, visemesEvent } from '../tts/speech-events.ts';

export interface ChatTts {
  voice?: string | undefined;
  rate?: number | undefined;
  format?: 'wav' | 'mp3' | undefined;
}

/** Fed with every token delta; `finish` resolves once the last sentence's audio event is queued. */
export interface Speaker {
  push(delta: string): void;
  finish(): Promise<void>;
  /** The reply failed: nothing more is sent (the stream is about to close). */
  cancel(): void;
}

export interface ChatSpeech {
  /**
   * Resolves the voice before any header is sent, so an unknown voice (404/400) or a missing clone engine (503)
   * is a status code; returns a starter that writes through the stream's own ordered `send`.
   */
  prepare(userId: string, tts: ChatTts, signal: AbortSignal): Promise<(send: (e: StreamEvent) => void) => Speaker>;
}

export function createChatSpeech(voice: Voice): ChatSpeech {
  return {
    async prepare(userId, tts, signal) {
      const resolved = await voice.synth.resolve(userId, tts.voice);
      return (send) => speaker(resolved, tts, signal, send);
    },
  };
}

/**
 * Sentences are cut with the same SentenceSplitter (same options) as the chat's `sentence` events, so indexes
 * match. One sentence is synthesised at a time, in order, while tokens keep streaming; each piece of it (XTTS: about a
 * second) is sent as soon as it exists, and a cloned voice's sentence ends with its aligned `visemes`. A sentence that cannot be spoken (pool full, engine failure) gets an
 * `audio_error` (after any pieces already sent) and the reply goes on.
 */
function speaker(resolved: ResolvedVoice, tts: ChatTts, signal: AbortSignal, sendEvent: (e: StreamEvent) => void): Speaker {
  const splitter = new SentenceSplitter();
  let cancelled = false;
  const send = (e: StreamEvent) => {
    if (!cancelled) sendEvent(e);
  };
  let index = 0;
  let worker: Promise<void> = Promise.resolve();
  const speakOne = async (i: number, text: string) => {
    if (signal.aborted || cancelled) return;
    try {
      for await (const item of resolved.pieces(text, { signal, rate: tts.rate })) {
        if (cancelled) return;
        if (item.type === 'visemes') send({ type: 'visemes', data: visemesEvent(i, item) });
        else send({ type: 'audio', data: await audioEvent({ index: i, text, ...item }, resolved.engine.id, tts.format ?? 'wav', true) });
      }
    } catch (error) {
      if (signal.aborted) return;
      const code = error instanceof AppError ? error.code : 'TTS_FAILED';
      const message = error instanceof AppError && error.status < 500 ? error.message : code === 'SERVER_BUSY' ? 'The speech engine is busy.' : 'Speech synthesis failed.';
      send({ type: 'audio_error', data: { index: i, code, message } });
    }
  };
  const enqueue = (texts: string[]) => {
    for (const text of texts) {
      const i = index++;
      worker = worker.then(() => speakOne(i, text));
    }
  };
  return {
    push: (delta) => enqueue(splitter.push(delta)),
    finish: async () => {
      enqueue(splitter.flush());
      await worker;
    },
    cancel: () => {
      cancelled = true;
    },
  };
}
