// The `tts` option of POST /api/chat/stream: each completed sentence is synthesised and sent as an `audio` event.
import type { StreamEvent } from '@companion/core/llm';
import { envelopeMouthFrames, mouthFrames, visemeTrack, type TtsEngine } from '@companion/core/speech';
import { SentenceSplitter } from '@companion/core/text';
import { AppError } from '../../errors.ts';
import type { Voice } from '../../services/voice/index.ts';
import { audioEvent } from '../tts/speech-events.ts';

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
      const { engine, voice: voiceId } = await voice.synth.engineFor(userId, tts.voice);
      return (send) => speaker(engine, { ...tts, voice: voiceId }, signal, send);
    },
  };
}

/**
 * Sentences are cut with the same SentenceSplitter (same options) as the chat's `sentence` events, so indexes
 * match. One sentence is synthesised at a time, in order, while tokens keep streaming; a sentence that cannot be
 * spoken (pool full, engine failure) gets an `audio_error` and the reply goes on.
 */
function speaker(engine: TtsEngine, tts: ChatTts, signal: AbortSignal, sendEvent: (e: StreamEvent) => void): Speaker {
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
      const r = await engine.synthesize(text, { voice: tts.voice, ...(tts.rate !== undefined ? { rate: tts.rate } : {}), signal });
      const visemes = r.phonemes.length > 0 ? visemeTrack(r.phonemes, r.durationMs) : [];
      const mouth = visemes.length > 0 ? mouthFrames(visemes, r.durationMs, { fps: 30 }) : envelopeMouthFrames(r.samples, r.sampleRate, { fps: 30 });
      const chunk = { index: i, text, samples: r.samples, sampleRate: r.sampleRate, durationMs: r.durationMs, phonemes: r.phonemes, visemes, mouth };
      send({ type: 'audio', data: await audioEvent(chunk, engine.id, tts.format ?? 'wav', true) });
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
