// Bounded inflate: streams deflate/zlib data in small pieces and stops as soon as the output passes its cap.
import { Inflate, Unzlib } from 'fflate';
import { concatBytes } from './bytes';
import { CardError, type CardErrorCode } from './errors';
import type { ByteBudget } from './limits';

/** Small pushes keep the worst case per push at about 1 KiB x 1032 (deflate's top ratio) before the check runs. */
const PIECE = 1024;

export interface InflateOptions {
  /** Most bytes the output may have; more is `overCode`. */
  max: number;
  zlib: boolean;
  budget?: ByteBudget;
  /** Code for a corrupt stream. */
  brokenCode: CardErrorCode;
  overCode?: CardErrorCode;
}

export function inflateBounded(data: Uint8Array, opts: InflateOptions): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const onData = (chunk: Uint8Array, final: boolean): void => {
    total += chunk.length;
    if (total > opts.max) throw new CardError(opts.overCode ?? 'ZIP_BOMB', `inflated data passes ${opts.max} bytes`);
    opts.budget?.take(chunk.length, opts.overCode ?? 'ZIP_BOMB');
    if (chunk.length > 0) parts.push(chunk);
    if (final) ended = true;
  };
  const stream = opts.zlib ? new Unzlib(onData) : new Inflate(onData);
  try {
    if (data.length === 0) stream.push(data, true);
    for (let i = 0; i < data.length; i += PIECE) {
      stream.push(data.subarray(i, i + PIECE), i + PIECE >= data.length);
      if (ended) break;
    }
  } catch (e) {
    if (e instanceof CardError) throw e;
    throw new CardError(opts.brokenCode, `corrupt compressed data: ${(e as Error).message}`);
  }
  if (!ended) throw new CardError(opts.brokenCode, 'compressed data ends early');
  return parts.length === 1 ? parts[0]! : concatBytes(parts);
}
