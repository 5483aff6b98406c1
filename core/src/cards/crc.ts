// CRC-32 (PNG chunks, zip entries) from the crc-32 package, as an unsigned number.
import CRC32 from 'crc-32';

export function crc32(data: Uint8Array, seed?: number): number {
  return CRC32.buf(data, seed) >>> 0;
}
