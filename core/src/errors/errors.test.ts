import { describe, expect, it } from 'vitest';
import { CodedError, deserializeError, serializeError } from './index';

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
