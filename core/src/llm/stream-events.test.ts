import { describe, expect, it } from 'vitest';
import { formatStreamEvent, readStreamEvents, type StreamEvent } from './stream-events';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of readStreamEvents(stream)) events.push(event);
  return events;
}

const events: StreamEvent[] = [
  { type: 'token', data: { delta: 'Hel' } },
  { type: 'token', data: { delta: 'lo.\n\nBye' } },
  { type: 'sentence', data: { index: 0, text: 'Hello.' } },
  {
    type: 'done',
    data: {
      finishReason: 'stop',
      usage: { promptTokens: 3, completionTokens: 2 },
      timings: { timeToFirstTokenMs: 1, totalMs: 2, decodeTokensPerSecond: 3 },
    },
  },
];

describe('chat stream events', () => {
  it('round-trips events even when the bytes arrive split at arbitrary points', async () => {
    const wire = events.map(formatStreamEvent).join('');
    for (const size of [1, 3, 7, wire.length]) {
      const chunks: string[] = [];
      for (let i = 0; i < wire.length; i += size) chunks.push(wire.slice(i, i + size));
      expect(await collect(streamOf(chunks))).toEqual(events);
    }
  });

  it('skips unknown event types', async () => {
    const wire = 'event: ping\ndata: {}\n\n' + formatStreamEvent(events[0] as StreamEvent);
    expect(await collect(streamOf([wire]))).toEqual([events[0]]);
  });

  it('rejects a known event with a malformed payload', async () => {
    await expect(collect(streamOf(['event: token\ndata: {"delta": 5}\n\n']))).rejects.toThrow(/Malformed "token"/);
    await expect(collect(streamOf(['event: done\ndata: not json\n\n']))).rejects.toThrow();
  });
});

describe('speech events (chat with tts)', () => {
  const audio: StreamEvent = {
    type: 'audio',
    data: {
      index: 0,
      text: 'Hello.',
      format: 'wav',
      audio: 'UklGRg==',
      sampleRate: 22050,
      durationMs: 512.5,
      engine: 'espeak-ng',
      visemes: [{ viseme: 'PP', startMs: 0, endMs: 80, phoneme: 'p' }],
      mouth: [{ timeMs: 0, open: 0.2, form: 0 }],
    },
  };
  const failed: StreamEvent = { type: 'audio_error', data: { index: 1, code: 'SERVER_BUSY', message: 'busy' } };

  it('round-trip beside the text events', async () => {
    const wire = [events[0]!, audio, failed, events[3]!].map(formatStreamEvent).join('');
    expect(await collect(streamOf([wire]))).toEqual([events[0], audio, failed, events[3]]);
  });

  it('carry the piece of a sentence (chunk, final) and still read events without them (older servers)', async () => {
    const base = audio.type === 'audio' ? audio.data : undefined;
    const pieces: StreamEvent[] = [
      { type: 'audio', data: { ...base!, chunk: 0, final: false } },
      { type: 'audio', data: { ...base!, chunk: 1, final: true } },
    ];
    expect(await collect(streamOf([pieces.map(formatStreamEvent).join('')]))).toEqual(pieces);
    const [legacy] = await collect(streamOf([formatStreamEvent(audio)]));
    expect(legacy?.type === 'audio' && legacy.data.chunk === undefined && legacy.data.final === undefined).toBe(true);
    const badChunk = formatStreamEvent({ type: 'audio', data: { ...base!, chunk: -1 } });
    await expect(collect(streamOf([badChunk]))).rejects.toThrow(/audio/);
  });

  it('refuse a malformed audio payload rather than guess', async () => {
    const bad = 'event: audio\ndata: {"index":-1,"text":"x","format":"ogg"}\n\n';
    await expect(collect(streamOf([bad]))).rejects.toThrow(/audio/);
  });

  it('carry a cloned voice’s whole-sentence `visemes` after its final piece, aligned or with the envelope and why', async () => {
    const base = audio.type === 'audio' ? audio.data : undefined;
    const sentence: StreamEvent[] = [
      { type: 'audio', data: { ...base!, engine: 'xtts', visemes: [], chunk: 0, final: false, mouthSource: 'envelope' } },
      { type: 'audio', data: { ...base!, engine: 'xtts', visemes: [], chunk: 1, final: true, mouthSource: 'envelope' } },
      {
        type: 'visemes',
        data: {
          index: 0,
          durationMs: 1025,
          mouthSource: 'aligned',
          visemes: [{ viseme: 'PP', startMs: 600, endMs: 680, phoneme: 'p' }],
          mouth: [{ timeMs: 600, open: 0, form: 0.4 }],
        },
      },
      {
        type: 'visemes',
        data: {
          index: 1,
          durationMs: 300,
          mouthSource: 'envelope',
          visemes: [],
          mouth: [{ timeMs: 0, open: 0.3, form: 0 }],
          fallback: { code: 'LIP_SYNC_UNSUPPORTED', message: 'kanji' },
        },
      },
    ];
    expect(await collect(streamOf([sentence.map(formatStreamEvent).join('')]))).toEqual(sentence);
    await expect(collect(streamOf(['event: visemes\ndata: {"index":0,"durationMs":1,"mouthSource":"guessed","visemes":[],"mouth":[]}\n\n']))).rejects.toThrow(
      /Malformed "visemes"/,
    );
  });
});
