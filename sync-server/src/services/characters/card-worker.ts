// Worker-thread entry for reading uploaded card files (card-thread.ts starts it): inflating a CHARX, decoding base64 and
// parsing JSON are synchronous, and a large upload would otherwise hold the event loop for every other request.
// Built beside the bundle as dist/card-read-worker.js (scripts/build.mjs).
import { parentPort } from 'node:worker_threads';
import { CardError, readCard } from '@companion/core/cards';

export interface CardReadRequest {
  id: number;
  bytes: Uint8Array;
  maxInputBytes: number;
}

parentPort?.on('message', (msg: CardReadRequest) => {
  try {
    const { card, warnings } = readCard(msg.bytes, { limits: { maxInputBytes: msg.maxInputBytes } });
    const transfer = [card.image, ...card.files.map((f) => f.bytes)].flatMap((b) => (b && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? [b.buffer as ArrayBuffer] : []));
    parentPort?.postMessage({ id: msg.id, result: { card, warnings } }, [...new Set(transfer)]);
  } catch (error) {
    const card = error instanceof CardError;
    parentPort?.postMessage({ id: msg.id, error: { card, code: card ? error.code : 'INTERNAL', message: error instanceof Error ? error.message : String(error) } });
  }
});
