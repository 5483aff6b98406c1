// Lenient field readers: coerce what real files contain into the model's types, noting what was changed.
import type { JsonObject } from './types';

export interface ParseContext {
  warnings: string[];
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
  ctx.warnings.push(`${field} was not text; ignored`);
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
    ctx.warnings.push(`${field} was not a list; ignored`);
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
  ctx.warnings.push(`${field} was not a number; ignored`);
  return undefined;
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
  if (v !== undefined && v !== null) ctx.warnings.push(`${field} was not an object; ignored`);
  return {};
}

/** Copies only the defined values, so optional fields absent in the file stay absent in the model. */
export function defined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
