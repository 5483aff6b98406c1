// Resolves what an entry does from its V2/V3 fields, SillyTavern's `extensions` keys and its V3 decorators.
import type { JsonObject, LoreEntry } from '../cards/types';
import { type Decorator, effectiveDecorators, parseDecorators } from './decorators';
import type { LorePosition, LoreRole } from './types';

/** 0 AND_ANY, 1 NOT_ALL, 2 NOT_ANY, 3 AND_ALL (SillyTavern's selectiveLogic). */
export type SelectiveLogic = 0 | 1 | 2 | 3;

export interface EntrySettings {
  body: string;
  keys: string[];
  secondaryKeys: string[];
  selective: boolean;
  logic: SelectiveLogic;
  additionalKeys: string[];
  excludeKeys: string[];
  caseSensitive: boolean;
  wholeWords: boolean;
  useRegex: boolean;
  constant: boolean;
  forceActivate: boolean;
  neverActivate: boolean;
  enabled: boolean;
  order: number;
  priority: number;
  position: LorePosition;
  depth: number;
  role: LoreRole;
  outlet?: string;
  scanDepth?: number;
  probability: number;
  groups: string[];
  groupOverride: boolean;
  groupWeight: number;
  sticky: number;
  cooldown: number;
  delay: number;
  excludeRecursion: boolean;
  preventRecursion: boolean;
  delayUntilRecursion: boolean;
  activateOnlyAfter?: number;
  activateOnlyEvery?: number;
  keepAfterMatch: boolean;
  dontActivateAfterMatch: boolean;
  ignoreOnMaxContext: boolean;
}

export const DEFAULT_DEPTH = 4;

export const SUPPORTED_DECORATORS: ReadonlySet<string> = new Set([
  'activate', 'dont_activate', 'depth', 'role', 'position', 'scan_depth', 'activate_only_after', 'activate_only_every',
  'exclude_keys', 'additional_keys', 'ignore_on_max_context', 'keep_activate_after_match', 'dont_activate_after_match',
]);

const ST_POSITIONS: readonly LorePosition[] = ['before_char', 'after_char', 'an_top', 'an_bottom', 'at_depth', 'em_top', 'em_bottom', 'outlet'];
const V3_POSITIONS: Readonly<Record<string, LorePosition>> = {
  before_desc: 'before_char',
  after_desc: 'after_char',
  personality: 'personality',
  scenario: 'scenario',
};
const ROLES: readonly LoreRole[] = ['system', 'user', 'assistant'];

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const list = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);

function roleOf(v: unknown): LoreRole | undefined {
  if (typeof v === 'number') return ROLES[v];
  if (typeof v === 'string') {
    const r = v.trim().toLowerCase();
    if (r === 'model' || r === 'char' || r === 'bot') return 'assistant';
    return ROLES.find((x) => x === r);
  }
  return undefined;
}

function positionOf(e: LoreEntry, ext: JsonObject): LorePosition {
  const p = num(ext.position);
  if (p !== undefined && ST_POSITIONS[p]) return ST_POSITIONS[p]!;
  return e.position === 'before_char' ? 'before_char' : 'after_char';
}

function fromEntry(e: LoreEntry, defaults: { caseSensitive?: boolean; matchWholeWords?: boolean }): EntrySettings {
  const ext = e.extensions;
  const logic = num(ext.selectiveLogic);
  const group = typeof ext.group === 'string' ? ext.group : '';
  const outlet = typeof ext.outlet_name === 'string' ? ext.outlet_name : undefined;
  return {
    body: e.content,
    keys: e.keys.filter((k) => k.trim() !== ''),
    secondaryKeys: (e.secondary_keys ?? []).filter((k) => k.trim() !== ''),
    selective: e.selective ?? false,
    logic: logic === 1 || logic === 2 || logic === 3 ? logic : 0,
    additionalKeys: [],
    excludeKeys: [],
    caseSensitive: e.case_sensitive ?? bool(ext.case_sensitive) ?? defaults.caseSensitive ?? false,
    wholeWords: bool(ext.match_whole_words) ?? defaults.matchWholeWords ?? false,
    useRegex: e.use_regex ?? false,
    constant: e.constant ?? false,
    forceActivate: false,
    neverActivate: false,
    enabled: e.enabled,
    order: e.insertion_order,
    priority: e.priority ?? 0,
    position: positionOf(e, ext),
    depth: Math.max(0, Math.floor(num(ext.depth) ?? DEFAULT_DEPTH)),
    role: roleOf(ext.role) ?? 'system',
    outlet,
    scanDepth: num(ext.scan_depth),
    probability: ext.useProbability === false ? 100 : Math.max(0, Math.min(100, num(ext.probability) ?? 100)),
    groups: list(group),
    groupOverride: bool(ext.group_override) ?? false,
    groupWeight: Math.max(0, num(ext.group_weight) ?? 100),
    sticky: Math.max(0, num(ext.sticky) ?? 0),
    cooldown: Math.max(0, num(ext.cooldown) ?? 0),
    delay: Math.max(0, num(ext.delay) ?? 0),
    excludeRecursion: bool(ext.exclude_recursion) ?? false,
    preventRecursion: bool(ext.prevent_recursion) ?? false,
    delayUntilRecursion: bool(ext.delay_until_recursion) ?? false,
    keepAfterMatch: false,
    dontActivateAfterMatch: false,
    ignoreOnMaxContext: false,
  };
}

function applyDecorator(s: EntrySettings, d: Decorator): void {
  const n = Number.parseInt(d.value, 10);
  const count = Number.isFinite(n) && n >= 0 ? n : undefined;
  switch (d.name) {
    case 'activate': s.forceActivate = true; break;
    case 'dont_activate': s.neverActivate = true; break;
    case 'depth': if (count !== undefined) { s.position = 'at_depth'; s.depth = count; } break;
    case 'role': s.role = roleOf(d.value) ?? s.role; break;
    case 'position': s.position = V3_POSITIONS[d.value.trim().toLowerCase()] ?? (ST_POSITIONS.find((p) => p === d.value.trim()) ?? s.position); break;
    case 'scan_depth': if (count !== undefined) s.scanDepth = count; break;
    case 'activate_only_after': if (count !== undefined) s.activateOnlyAfter = count; break;
    case 'activate_only_every': if (count !== undefined && count > 0) s.activateOnlyEvery = count; break;
    case 'exclude_keys': s.excludeKeys.push(...list(d.value)); break;
    case 'additional_keys': s.additionalKeys.push(...list(d.value)); break;
    case 'ignore_on_max_context': s.ignoreOnMaxContext = true; break;
    case 'keep_activate_after_match': s.keepAfterMatch = true; break;
    case 'dont_activate_after_match': s.dontActivateAfterMatch = true; break;
  }
}

export function resolveEntry(e: LoreEntry, defaults: { caseSensitive?: boolean; matchWholeWords?: boolean } = {}): EntrySettings {
  const s = fromEntry(e, defaults);
  const parsed = parseDecorators(e.content);
  s.body = parsed.body;
  for (const d of effectiveDecorators(parsed.decorators, SUPPORTED_DECORATORS)) applyDecorator(s, d);
  return s;
}
