// The Server-Sent Events of POST /api/chat/stream, defined once for the server (writer) and clients (readers).
import { createParser } from 'eventsource-parser';
import { z } from 'zod';

export const tokenEventSchema = z.object({ delta: z.string() });
export const sentenceEventSchema = z.object({ index: z.number().int().min(0), text: z.string() });
export const doneEventSchema = z.object({
  finishReason: z.enum(['stop', 'length', 'cancelled']),
  usage: z.object({ promptTokens: z.number().int(), completionTokens: z.number().int() }),
  timings: z.object({ timeToFirstTokenMs: z.number(), totalMs: z.number(), decodeTokensPerSecond: z.number() }),
});
export const errorEventSchema = z.object({ code: z.string(), message: z.string(), recoverable: z.boolean() });
const visemeCueSchema = z.object({ viseme: z.string(), startMs: z.number(), endMs: z.number(), phoneme: z.string() });
const mouthFrameSchema = z.object({ timeMs: z.number(), open: z.number(), form: z.number() });
/**
 * Speech for sentence `index` (POST /api/chat/stream with `tts`, POST /api/tts/stream), sent as soon as it exists.
 * XTTS speaks a sentence in pieces of about a second (`chunk` 0, 1, ...; `final` on the last one), so playback can
 * start before the sentence is done; espeak-ng sends each sentence as one piece (`chunk` 0, `final` true). Both
 * fields are optional so events from older servers (one per sentence, neither field) still read: no `chunk` means
 * the whole sentence. Play the pieces of a sentence in `chunk` order, one after another.
 */
export const audioEventSchema = z.object({
  index: z.number().int().min(0),
  /** Piece of sentence `index`, from 0. */
  chunk: z.number().int().min(0).optional(),
  /** True on the sentence's last piece. */
  final: z.boolean().optional(),
  text: z.string(),
  format: z.enum(['wav', 'mp3']),
  /** base64 of a complete audio file for this piece alone (independently playable). */
  audio: z.string(),
  sampleRate: z.number().int().positive(),
  durationMs: z.number().min(0),
  engine: z.string(),
  /** Oculus visemes with times relative to this piece's audio; empty when the engine gives no phonemes. */
  visemes: z.array(visemeCueSchema),
  mouth: z.array(mouthFrameSchema).optional(),
  /** `phonemes`: from the engine's phoneme timings (espeak-ng); `envelope`: from the piece's loudness (XTTS). */
  mouthSource: z.enum(['phonemes', 'envelope']).optional(),
});
/**
 * Lip sync for a whole XTTS sentence, sent right after its final `audio` piece (alignment needs all of the audio)
 * and before anything of the next sentence. espeak-ng's timings for the same text are warped onto the cloned voice:
 * `mouthSource: 'aligned'`, times from the start of the sentence's first piece, so a client replaces the pieces'
 * envelope mouth with these from the current playback position on. Where that cannot be done (Japanese with kanji,
 * an espeak-ng or alignment failure) `mouthSource` is `envelope`, `visemes` is empty, `mouth` is the envelope over
 * the whole sentence and `fallback` says why. espeak-ng sentences get none (their one piece has its visemes).
 * Older clients skip it (unknown event types are skipped), so they keep the envelope as before.
 */
export const visemesEventSchema = z.object({
  index: z.number().int().min(0),
  /** The whole sentence: the sum of its pieces. */
  durationMs: z.number().min(0),
  mouthSource: z.enum(['aligned', 'envelope']),
  visemes: z.array(visemeCueSchema),
  mouth: z.array(mouthFrameSchema),
  fallback: z.object({ code: z.string(), message: z.string() }).optional(),
});
/** Speech for a sentence failed (busy, engine error); the text keeps streaming, so this is not an `error`. */
export const audioErrorEventSchema = z.object({ index: z.number().int().min(0), code: z.string(), message: z.string() });

export const streamEventSchemas = {
  token: tokenEventSchema,
  sentence: sentenceEventSchema,
  done: doneEventSchema,
  error: errorEventSchema,
  audio: audioEventSchema,
  audio_error: audioErrorEventSchema,
  visemes: visemesEventSchema,
} as const;

export type StreamEvent =
  | { type: 'token'; data: z.infer<typeof tokenEventSchema> }
  | { type: 'sentence'; data: z.infer<typeof sentenceEventSchema> }
  | { type: 'done'; data: z.infer<typeof doneEventSchema> }
  | { type: 'error'; data: z.infer<typeof errorEventSchema> }
  | { type: 'audio'; data: z.infer<typeof audioEventSchema> }
  | { type: 'audio_error'; data: z.infer<typeof audioErrorEventSchema> }
  | { type: 'visemes'; data: z.infer<typeof visemesEventSchema> };

/** Formats one event in SSE wire format. */
export function formatStreamEvent(event: StreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** One Server-Sent Event as sent: its type (`message` when unnamed) and its data line(s), not parsed. */
export interface RawStreamEvent {
  type: string;
  data: string;
}

/** Reads an SSE byte stream (eventsource-parser) into raw events, for any event types, known or not. */
export async function* readRawStreamEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<RawStreamEvent> {
  const queue: RawStreamEvent[] = [];
  const parser = createParser({ onEvent: (message) => void queue.push({ type: message.event ?? 'message', data: message.data }) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      while (queue.length > 0) yield queue.shift() as RawStreamEvent;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Reads an SSE byte stream into validated events. Unknown event types are skipped (forward compatible);
 * a known type with a malformed payload is an error, not something to guess around.
 */
export async function* readStreamEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamEvent> {
  for await (const raw of readRawStreamEvents(body)) {
    const type = raw.type as StreamEvent['type'];
    const schema = streamEventSchemas[type];
    if (!schema) continue;
    let parsed: ReturnType<typeof schema.safeParse> | null = null;
    try {
      parsed = schema.safeParse(JSON.parse(raw.data));
    } catch {
      // Not JSON: malformed, reported below.
    }
    if (!parsed?.success) throw new Error(`Malformed "${type}" event`);
    yield { type, data: parsed.data } as StreamEvent;
  }
}
