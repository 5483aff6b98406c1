// Streams a chat job as Server-Sent Events (token, sentence, done, error) and stops it when the client goes away.
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import { serializeError } from '@companion/core/errors';
import { formatStreamEvent, type GenerationResult, type StreamEvent } from '@companion/core/llm';
import { SentenceSplitter } from '@companion/core/text';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import type { ChatJob } from '../../inference/service.ts';
import type { Speaker } from './speech.ts';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // Reverse proxies (nginx) buffer responses unless told not to; a buffered stream is no stream.
  'x-accel-buffering': 'no',
} as const;

/** One AbortController for the request: aborted by the socket closing (node-server) or the stream's onAbort. */
export function requestAbort(c: Context<AppEnv>): AbortController {
  const controller = new AbortController();
  const signal = c.req.raw.signal;
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', () => controller.abort(), { once: true });
  return controller;
}

/**
 * Writes are queued in order while generation runs: onDelta is synchronous, the socket is not. A sentence event is
 * sent right after the token that completed it, so clients (speech) can start on it before the reply is done.
 */
export function streamChatEvents(c: Context<AppEnv>, job: ChatJob, abort: AbortController, speak?: (send: (e: StreamEvent) => void) => Speaker): Response {
  for (const [k, v] of Object.entries(SSE_HEADERS)) c.header(k, v);
  return stream(c, async (s) => {
    s.onAbort(() => abort.abort());
    let chain: Promise<unknown> = Promise.resolve();
    const send = (event: StreamEvent) => {
      chain = chain.then(() => (abort.signal.aborted ? undefined : s.write(formatStreamEvent(event))));
    };
    const splitter = new SentenceSplitter();
    const speaker = speak?.(send);
    let index = 0;
    const sentences = (chunks: string[]) => {
      for (const text of chunks) send({ type: 'sentence', data: { index: index++, text } });
    };
    let result: GenerationResult;
    try {
      result = await job.run((delta) => {
        send({ type: 'token', data: { delta } });
        sentences(splitter.push(delta));
        speaker?.push(delta);
      });
      sentences(splitter.flush());
      await speaker?.finish();
      send({ type: 'done', data: { finishReason: result.finishReason, usage: result.usage, timings: result.timings } });
    } catch (error) {
      speaker?.cancel();
      // Headers are gone; the failure travels as an event with its code, never a stack.
      const { code, message, recoverable } =
        error instanceof AppError ? { code: error.code, message: error.message, recoverable: error.status >= 500 } : serializeError(error);
      send({ type: 'error', data: { code, message: code === 'INTERNAL' ? 'Internal server error' : message, recoverable } });
      c.get('log')?.warn({ err: { code, message } }, 'chat stream failed');
    }
    await chain.catch(() => undefined);
  });
}
