// Makes errors thrown in a worker arrive as CodedError with their code and recoverable flag (C4), instead of
// comlink's default, which keeps only name, message and stack.
import * as Comlink from 'comlink';
import { deserializeError, serializeError, type SerializedError } from '@companion/core/errors';

let installed = false;

/** Call once in the worker and once on the main thread, before any call crosses. */
export function installCodedErrorTransfer(): void {
  if (installed) return;
  installed = true;
  const original = Comlink.transferHandlers.get('throw');
  if (!original) throw new Error('comlink has no "throw" transfer handler to replace');
  const handler: Comlink.TransferHandler<{ value: unknown }, SerializedError> = {
    canHandle: (value): value is { value: unknown } => original.canHandle(value),
    serialize: ({ value }) => [serializeError(value), []],
    deserialize: (serialized) => {
      throw deserializeError(serialized);
    },
  };
  Comlink.transferHandlers.set('throw', handler as Comlink.TransferHandler<unknown, unknown>);
}
