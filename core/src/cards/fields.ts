// Lenient field readers: coerce what real files contain into the model's types, noting what was changed.
import type { JsonObject } from './types';

export interface ParseContext {
  warnings: string[];
  /**
   * Where a reader puts a value it could not read as its field's type (a card tool's own format), keyed by field,
   * so the card keeps it and exports it again: nothing a real card carries is dropped. Absent: nested readers.
   */
  unread?: JsonObject;
}

/** Notes a value the model cannot hold and keeps the original where the caller collects them. */
function unreadable(v: unknown, ctx: ParseContext, field: string, why: string): void {
  if (ctx.unread) {
    ctx.unread[field] = v;
    ctx.warnings.push(`${field} ${why}; kept as it was, and exported again`);
  } else {
    ctx.warnings.push(`${field} ${why}; ignored`);
  }
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys of `raw` not in `known`, as a fresh object (defineProperty-safe for `__proto__`). */
export function extraOf(raw: JsonObject, known: ReadonlySet<string>): JsonObject {
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !known.has(k)));
}

export function readString(v: unknown, ctx: ParseContext, field: string): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') {
    ctx.warnings.push(`${field} was a ${typeof v}; read as text`);
    return String(v);
  }
  unreadable(v, ctx, field, 'was not text');
  return '';
}

export function readOptString(v: unknown, ctx: ParseContext, field: string): string | undefined {
  return v === undefined || v === null ? undefined : readString(v, ctx, field);
}

export function readStrings(v: unknown, ctx: ParseContext, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') {
    ctx.warnings.push(`${field} was a single string; read as a list`);
    return [v];
  }
  if (!Array.isArray(v)) {
    unreadable(v, ctx, field, 'was not a list');
    return [];
  }
  const out: string[] = [];
  for (const item of v as unknown[]) {
    if (typeof item === 'string') out.push(item);
    else if (typeof item === 'number') out.push(String(item));
    else ctx.warnings.push(`${field} held a non-text item; dropped`);
  }
  return out;
}

export function readOptNumber(v: unknown, ctx: ParseContext, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  unreadable(v, ctx, field, 'was not a number');
  return undefined;
}

/** An ISO 8601 date or date-time (what card tools write instead of the spec's seconds). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A V3 date: seconds since 1970 as the spec says. An ISO date string becomes the same instant in seconds (with the
 * milliseconds as a fraction); anything else that is not a number is kept as it came (see ParseContext.unread).
 */
export function readOptDate(v: unknown, ctx: ParseContext, field: string): number | undefined {
  if (typeof v === 'string' && ISO_DATE.test(v.trim())) {
    const ms = Date.parse(v.trim());
    if (Number.isFinite(ms)) {
      ctx.warnings.push(`${field} was a date text (${v.trim().slice(0, 40)}); read as seconds since 1970`);
      return ms / 1000;
    }
  }
  return readOptNumber(v, ctx, field);
}

export function readOptBool(v: unknown, ctx: ParseContext, field: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 1) return true;
  if (v === 'false' || v === 0) return false;
  ctx.warnings.push(`${field} was not true/false; ignored`);
  return undefined;
}

export function readObject(v: unknown, ctx: ParseContext, field: string): JsonObject {
  if (isObject(v)) return v;
  if (v !== undefined && v !== null) unreadable(v, ctx, field, 'was not an object');
  return {};
}

/** Copies only the defined values, so optional fields absent in the file stay absent in the model. */
export function defined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
