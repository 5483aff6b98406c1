import { describe, expect, it } from 'vitest';
import { streamFrom } from './chunk-stream';

function manual() {
  let emit!: (n: number) => void;
  let finish!: (error?: unknown) => void;
  const produce = (onChunk: (n: number) => void) =>
    new Promise<void>((resolve, reject) => {
      emit = onChunk;
      finish = (error) => (error === undefined ? resolve() : reject(error));
    });
  return { produce, emit: (n: number) => emit(n), finish: (e?: unknown) => finish(e) };
}

describe('streamFrom', () => {
  it('is ready at the first chunk, delivers buffered then live chunks in order, and drains when the producer ends', async () => {
    const p = manual();
    const ready = streamFrom(p.produce);
    p.emit(1);
    const stream = await ready;
    p.emit(2);
    const got: number[] = [];
    const drained = stream.drain((n) => got.push(n));
    expect(got).toEqual([1, 2]);
    p.emit(3);
    expect(got).toEqual([1, 2, 3]);
    p.finish();
    await drained;
  });

  it('fails early when the producer fails before any chunk, and through drain after one', async () => {
    const early = manual();
    const ready = streamFrom(early.produce);
    early.finish(new Error('no model'));
    await expect(ready).rejects.toThrow('no model');

    const late = manual();
    const readyLate = streamFrom(late.produce);
    late.emit(1);
    const stream = await readyLate;
    late.finish(new Error('broke'));
    await expect(stream.drain(() => undefined)).rejects.toThrow('broke');
  });

  it('stops delivering once closed, and drain resolves', async () => {
    const p = manual();
    const ready = streamFrom(p.produce);
    p.emit(1);
    const stream = await ready;
    const got: number[] = [];
    const drained = stream.drain((n) => got.push(n));
    stream.close();
    p.emit(2);
    await drained;
    expect(got).toEqual([1]);
  });
});
