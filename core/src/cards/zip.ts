// Zip reader for CHARX with zip-bomb guards (entry count, declared and actual sizes, ratios) and safe paths.
import { type Zippable, zipSync } from 'fflate';
import { latin1, utf8, view } from './bytes';
import { crc32 } from './crc';
import { CardError } from './errors';
import { inflateBounded } from './inflate';
import { ByteBudget, DEFAULT_LIMITS, type ReadLimits } from './limits';

export interface ZipEntry {
  path: string;
  bytes: Uint8Array;
}

interface CentralEntry {
  path: string;
  method: number;
  crc: number;
  compSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/** Refuses `..`, absolute paths, drive letters, backslashes and NUL; returns the path without a leading `./`. */
export function safeZipPath(path: string): string {
  if (path.includes('\0') || path.includes('\\')) throw new CardError('UNSAFE_PATH', `unsafe path in zip: ${JSON.stringify(path)}`);
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) throw new CardError('UNSAFE_PATH', `absolute path in zip: ${path}`);
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) throw new CardError('UNSAFE_PATH', `path leaves the archive: ${path}`);
  return parts.join('/') + (path.endsWith('/') ? '/' : '');
}

function findEocd(bytes: Uint8Array): number {
  const dv = view(bytes);
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= stop; at--) {
    if (dv.getUint32(at, true) === EOCD) return at;
  }
  throw new CardError('BROKEN_ZIP', 'zip end-of-directory record not found');
}

function readCentral(bytes: Uint8Array, limits: ReadLimits, budget: ByteBudget): CentralEntry[] {
  const dv = view(bytes);
  const eocd = findEocd(bytes);
  const count = dv.getUint16(eocd + 10, true);
  const cdSize = dv.getUint32(eocd + 12, true);
  const cdOffset = dv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new CardError('UNSUPPORTED', 'zip64 archives are not supported');
  if (count > limits.maxZipEntries) throw new CardError('ZIP_BOMB', `zip has ${count} entries, over ${limits.maxZipEntries}`);
  if (cdOffset + cdSize > eocd) throw new CardError('BROKEN_ZIP', 'zip directory lies outside the file');
  const entries: CentralEntry[] = [];
  const seen = new Set<string>();
  let declared = 0;
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || dv.getUint32(at, true) !== CENTRAL) throw new CardError('BROKEN_ZIP', 'bad zip directory entry');
    const flags = dv.getUint16(at + 8, true);
    const nameLen = dv.getUint16(at + 28, true);
    const skip = nameLen + dv.getUint16(at + 30, true) + dv.getUint16(at + 32, true);
    if (at + 46 + skip > eocd) throw new CardError('BROKEN_ZIP', 'zip directory entry runs past the directory');
    if (flags & 1) throw new CardError('UNSUPPORTED', 'encrypted zip entries are not supported');
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLen);
    const path = safeZipPath(flags & 0x800 ? utf8(nameBytes) : latin1(nameBytes));
    if (seen.has(path)) throw new CardError('BROKEN_ZIP', `duplicate zip entry ${path}`);
    seen.add(path);
    const entry: CentralEntry = {
      path,
      method: dv.getUint16(at + 10, true),
      crc: dv.getUint32(at + 16, true),
      compSize: dv.getUint32(at + 20, true),
      size: dv.getUint32(at + 24, true),
      localOffset: dv.getUint32(at + 42, true),
    };
    if (entry.size > limits.inflateFloorBytes && entry.size > entry.compSize * limits.maxInflateRatio) {
      throw new CardError('ZIP_BOMB', `${path} expands ${entry.size} from ${entry.compSize} bytes`);
    }
    declared += entry.size;
    if (declared > budget.allowance) throw new CardError('ZIP_BOMB', `zip would expand past ${budget.allowance} bytes`);
    if (!path.endsWith('/')) entries.push(entry);
    at += 46 + skip;
  }
  return entries;
}

function entryData(bytes: Uint8Array, e: CentralEntry): Uint8Array {
  const dv = view(bytes);
  const at = e.localOffset;
  if (at + 30 > bytes.length || dv.getUint32(at, true) !== LOCAL) throw new CardError('BROKEN_ZIP', `bad local header for ${e.path}`);
  const start = at + 30 + dv.getUint16(at + 26, true) + dv.getUint16(at + 28, true);
  if (start + e.compSize > bytes.length) throw new CardError('BROKEN_ZIP', `${e.path} runs past the end of the file`);
  return bytes.subarray(start, start + e.compSize);
}

function extract(bytes: Uint8Array, e: CentralEntry, budget: ByteBudget): Uint8Array {
  const raw = entryData(bytes, e);
  let out: Uint8Array;
  if (e.method === 0) {
    if (raw.length !== e.size) throw new CardError('BROKEN_ZIP', `${e.path}: stored size mismatch`);
    out = raw;
  } else if (e.method === 8) {
    // The declared size is the cap: a stream that inflates past what its header claims is lying.
    out = inflateBounded(raw, { max: e.size, zlib: false, budget, brokenCode: 'BROKEN_ZIP', overCode: 'ZIP_BOMB' });
    if (out.length !== e.size) throw new CardError('BROKEN_ZIP', `${e.path}: size mismatch`);
  } else {
    throw new CardError('UNSUPPORTED', `${e.path}: compression method ${e.method} is not supported`);
  }
  if (crc32(out) !== e.crc) throw new CardError('BROKEN_ZIP', `${e.path}: CRC mismatch`);
  return out;
}

export interface ReadZipOptions {
  limits?: ReadLimits;
  budget?: ByteBudget;
}

/** Reads every file entry. Declared sizes are checked before anything is inflated, actual sizes while inflating. */
export function readZip(bytes: Uint8Array, opts: ReadZipOptions = {}): ZipEntry[] {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  if (bytes.length > limits.maxInputBytes) throw new CardError('TOO_LARGE', `file is over ${limits.maxInputBytes} bytes`);
  const budget = opts.budget ?? new ByteBudget(bytes.length, limits);
  return readCentral(bytes, limits, budget).map((e) => ({ path: e.path, bytes: extract(bytes, e, budget) }));
}

/** Already-compressed media gain nothing from deflate; storing them keeps CHARX export fast. */
const STORED = /\.(png|apng|jpe?g|webp|gif|avif|mp3|ogg|opus|m4a|mp4|webm|zip|charx|risum)$/i;

export function writeZip(entries: readonly ZipEntry[]): Uint8Array {
  const tree: Zippable = {};
  for (const e of entries) {
    const value: [Uint8Array, { level: 0 | 6 }] = [e.bytes, { level: STORED.test(e.path) ? 0 : 6 }];
    Object.defineProperty(tree, safeZipPath(e.path), { value, enumerable: true });
  }
  return zipSync(tree);
}
