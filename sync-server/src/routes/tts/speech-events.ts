// Spoken sentences as `audio` SSE events (POST /api/tts/stream and the chat stream's `tts` option share this shape).
import type { SpokenChunk } from '@companion/core/speech';
import type { z } from 'zod';
import type { audioEventSchema } from '@companion/core/llm';
import { encodeAudio, type AudioFormat } from '../../services/voice/index.ts';

export type AudioEventData = z.infer<typeof audioEventSchema>;

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** One sentence's audio as a complete WAV (or MP3) file, so a client can play each event on its own. */
export async function audioEvent(chunk: SpokenChunk, engine: string, format: AudioFormat, withMouth: boolean): Promise<AudioEventData> {
  return {
    index: chunk.index,
    text: chunk.text,
    format,
    audio: b64(await encodeAudio(chunk.samples, chunk.sampleRate, format)),
    sampleRate: chunk.sampleRate,
    durationMs: chunk.durationMs,
    engine,
    visemes: chunk.visemes.map((v) => ({ viseme: v.viseme, startMs: v.startMs, endMs: v.endMs, phoneme: v.phoneme })),
    ...(withMouth ? { mouth: chunk.mouth.map((m) => ({ timeMs: m.timeMs, open: m.open, form: m.form })) } : {}),
  };
}

export const sse = (type: string, data: unknown): string => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

export { b64 };
