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
