// Size limits and an allocation budget shared by the PNG, zlib, base64 and zip readers (U2/U3).
import { CardError, type CardErrorCode } from './errors';

export interface ReadLimits {
  /** Largest file accepted at all. */
  maxInputBytes: number;
  /** Largest decoded text of one card (JSON after zlib/base64). */
  maxTextBytes: number;
  /** Ceiling on everything inflated from one file, whatever its size. */
  maxInflatedBytes: number;
  /**
   * Inflated bytes allowed per input byte, for the whole file and for each entry; with the floor below, this is the
   * zip-bomb guard. 8: card JSON deflates about 4-8 times and images and audio not at all, so a real CHARX stays
   * far below it, while a zip of many zero-filled entries (each under the floor) is stopped by the total.
   */
  maxInflateRatio: number;
  /** Inflating up to this many bytes is always allowed, so tiny files with high ratios still load. */
  inflateFloorBytes: number;
  /** Most entries in a zip (CHARX). */
  maxZipEntries: number;
  /** Most chunks in a PNG. */
  maxPngChunks: number;
}

export const DEFAULT_LIMITS: Readonly<ReadLimits> = {
  maxInputBytes: 64 * 1024 * 1024,
  maxTextBytes: 16 * 1024 * 1024,
  maxInflatedBytes: 128 * 1024 * 1024,
  maxInflateRatio: 8,
  inflateFloorBytes: 1024 * 1024,
  maxZipEntries: 2000,
  maxPngChunks: 100_000,
};

/**
 * Counts bytes a reader allocates for one input and refuses past its allowance, so a small input can never
 * make a large allocation: everything decoded is charged here before (or while) it is produced.
 */
export class ByteBudget {
  used = 0;
  readonly allowance: number;
  constructor(inputLength: number, limits: ReadLimits = DEFAULT_LIMITS) {
    const byRatio = Math.max(limits.inflateFloorBytes, inputLength * limits.maxInflateRatio);
    this.allowance = Math.min(limits.maxInflatedBytes, byRatio);
  }
  take(bytes: number, code: CardErrorCode = 'ZIP_BOMB'): void {
    if (this.used + bytes > this.allowance) {
      throw new CardError(code, `decoded data would exceed ${this.allowance} bytes`);
    }
    this.used += bytes;
  }
}

export function resolveLimits(partial?: Partial<ReadLimits>): ReadLimits {
  return { ...DEFAULT_LIMITS, ...partial };
}
