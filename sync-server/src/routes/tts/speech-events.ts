// Spoken pieces as `audio` SSE events (POST /api/tts/stream and the chat stream's `tts` option share this shape).
import type { z } from 'zod';
import type { audioEventSchema, visemesEventSchema } from '@companion/core/llm';
import { encodeAudio, type AudioFormat, type SentenceLipSync, type SentencePiece } from '../../services/voice/index.ts';

export type AudioEventData = z.infer<typeof audioEventSchema>;
export type VisemesEventData = z.infer<typeof visemesEventSchema>;

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/**
 * One piece of a sentence as a complete WAV (or MP3) file with its own visemes and mouth frames, so a client can play
 * each event on its own as it arrives; `chunk` and `final` say where it sits in its sentence.
 */
export async function audioEvent(piece: SentencePiece, engine: string, format: AudioFormat, withMouth: boolean): Promise<AudioEventData> {
  return {
    index: piece.index,
    chunk: piece.chunk,
    final: piece.final,
    text: piece.text,
    format,
    audio: b64(await encodeAudio(piece.samples, piece.sampleRate, format)),
    sampleRate: piece.sampleRate,
    durationMs: piece.durationMs,
    engine,
    visemes: piece.visemes.map((v) => ({ viseme: v.viseme, startMs: v.startMs, endMs: v.endMs, phoneme: v.phoneme })),
    ...(withMouth ? { mouth: piece.mouth.map((m) => ({ timeMs: m.timeMs, open: m.open, form: m.form })) } : {}),
    mouthSource: piece.mouthSource,
  };
}

/** A cloned voice's whole-sentence lip sync, sent after the sentence's final `audio` piece. */
export function visemesEvent(index: number, s: SentenceLipSync): VisemesEventData {
  return {
    index,
    durationMs: s.durationMs,
    mouthSource: s.mouthSource,
    visemes: s.visemes.map((v) => ({ viseme: v.viseme, startMs: v.startMs, endMs: v.endMs, phoneme: v.phoneme })),
    mouth: s.mouth.map((m) => ({ timeMs: m.timeMs, open: m.open, form: m.form })),
    ...(s.fallback ? { fallback: { code: s.fallback.code, message: s.fallback.message } } : {}),
  };
}

export const sse = (type: string, data: unknown): string => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

export { b64 };
