import { describe, expect, it } from 'vitest';
import { CodedError, deserializeError, errorFromResponse, serializeError } from './index';

describe('coded errors', () => {
  it('round-trips code, message, recoverable and details through JSON', () => {
    const original = new CodedError('MODEL_NOT_FOUND', 'No such model', { recoverable: false, details: { id: 'x' } });
    const wire = JSON.parse(JSON.stringify(serializeError(original)));
    const back = deserializeError(wire);
    expect(back).toBeInstanceOf(CodedError);
    expect(back.code).toBe('MODEL_NOT_FOUND');
    expect(back.message).toBe('No such model');
    expect(back.recoverable).toBe(false);
    expect(back.details).toEqual({ id: 'x' });
  });

  it('maps AbortError to a recoverable CANCELLED', () => {
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    expect(serializeError(abort)).toMatchObject({ code: 'CANCELLED', recoverable: true });
  });

  it('wraps unknown throws as INTERNAL without a stack', () => {
    const serialized = serializeError(new TypeError('boom'));
    expect(serialized).toEqual({ code: 'INTERNAL', message: 'boom', recoverable: false });
    expect(serializeError('plain string')).toEqual({ code: 'INTERNAL', message: 'plain string', recoverable: false });
  });
});

describe('errorFromResponse', () => {
  it('keeps the server error code and message, recoverable only for 5xx and 429', async () => {
    const body = (code: string) => JSON.stringify({ error: { code, message: `said ${code}` } });
    const e404 = await errorFromResponse(new Response(body('MODEL_NOT_FOUND'), { status: 404 }));
    expect(e404).toMatchObject({ code: 'MODEL_NOT_FOUND', message: 'said MODEL_NOT_FOUND', recoverable: false });
    expect(await errorFromResponse(new Response(body('SERVER_BUSY'), { status: 503 }))).toMatchObject({ code: 'SERVER_BUSY', recoverable: true });
    expect(await errorFromResponse(new Response(body('RATE_LIMITED'), { status: 429 }))).toMatchObject({ recoverable: true });
  });

  it('falls back to the status line for a body in another format', async () => {
    const html = new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' });
    expect(await errorFromResponse(html)).toMatchObject({ code: 'HTTP_502', message: 'Bad Gateway', recoverable: true });
    const other = new Response(JSON.stringify({ error: 'nope' }), { status: 400 });
    expect(await errorFromResponse(other)).toMatchObject({ code: 'HTTP_400', recoverable: false });
  });
});
