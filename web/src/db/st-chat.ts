// SillyTavern chat files (.jsonl): a metadata line, then one message per line; imported as a new chat, swipes kept.
import { CodedError } from '@companion/core/errors';
import type { AppDatabase } from './app-db';
import { characterNotFound } from './characters';
import { refreshChat } from './chat-summary';
import { mutate } from './outbox';
import type { ChatRecord, MessageRecord, MessageRole, Swipe } from './records';

interface StMessage {
  name?: unknown;
  is_user?: unknown;
  is_system?: unknown;
  send_date?: unknown;
  mes?: unknown;
  swipes?: unknown;
  swipe_id?: unknown;
  swipe_info?: unknown;
  extra?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function badLine(line: number, why: string): CodedError {
  return new CodedError('ST_CHAT_BAD_LINE', `Line ${line} of the SillyTavern chat file ${why}. Nothing was imported.`, {
    recoverable: false,
    details: { line },
  });
}

/**
 * SillyTavern's dates: epoch milliseconds, ISO strings, "December 8, 2026 1:05am" (humanized, which Date.parse
 * reads once the am/pm is spaced), or its file-name style "2026-12-08@13h05m09s".
 */
export function parseStDate(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const st = /^(\d{4})-(\d{1,2})-(\d{1,2})\s*@\s*(\d{1,2})h\s*(\d{1,2})m\s*(\d{1,2})s?/.exec(v.trim());
  if (st) {
    const [, y, mo, d, h, mi, s] = st.map(Number) as [number, number, number, number, number, number, number];
    return new Date(y, mo - 1, d, h, mi, s).getTime();
  }
  const parsed = Date.parse(v.replace(/(\d)(am|pm)\b/i, '$1 $2'));
  return Number.isNaN(parsed) ? undefined : parsed;
}

function modelOf(extra: unknown): string | undefined {
  if (!isObject(extra) || typeof extra.model !== 'string' || extra.model === '') return undefined;
  return typeof extra.api === 'string' && extra.api !== '' ? `${extra.api}:${extra.model}` : extra.model;
}

function toMessage(m: StMessage, line: number, chatId: string, seq: number, fallbackAt: number): MessageRecord {
  if (typeof m.mes !== 'string') throw badLine(line, 'has no message text ("mes")');
  const at = parseStDate(m.send_date) ?? fallbackAt;
  const role: MessageRole = m.is_user === true ? 'user' : m.is_system === true ? 'system' : 'assistant';
  const model = role === 'assistant' ? modelOf(m.extra) : undefined;
  const info = Array.isArray(m.swipe_info) ? (m.swipe_info as unknown[]) : [];
  const texts = Array.isArray(m.swipes) && m.swipes.length > 0 ? m.swipes : [m.mes];
  if (texts.some((t) => typeof t !== 'string')) throw badLine(line, 'has a swipe that is not text');
  const swipes: Swipe[] = (texts as string[]).map((text, i) => {
    const meta = info[i];
    const swipeModel = (isObject(meta) && modelOf(meta.extra)) || model;
    return {
      text,
      createdAt: (isObject(meta) && parseStDate(meta.send_date)) || at,
      ...(swipeModel !== undefined && role === 'assistant' && { model: swipeModel }),
    };
  });
  const picked = typeof m.swipe_id === 'number' && Number.isInteger(m.swipe_id) ? m.swipe_id : 0;
  const swipeIndex = Math.min(Math.max(0, picked), swipes.length - 1);
  // ST keeps `mes` as the shown text even when it was edited after the swipe was made: it wins.
  swipes[swipeIndex] = { ...swipes[swipeIndex]!, text: m.mes };
  return { id: crypto.randomUUID(), chatId, seq, role, swipes, swipeIndex, edits: [], createdAt: at, updatedAt: at };
}

interface ParsedChat {
  meta: Record<string, unknown>;
  lines: { line: number; value: StMessage }[];
}

function parseLines(bytes: Uint8Array): ParsedChat {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new CodedError('ST_CHAT_NOT_TEXT', 'This SillyTavern chat file is not UTF-8 text.', { details: {} });
  }
  let meta: Record<string, unknown> | undefined;
  const lines: ParsedChat['lines'] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw badLine(i + 1, 'is not valid JSON');
    }
    if (!isObject(value)) throw badLine(i + 1, 'is not a JSON object');
    // The first line is the chat's metadata, unless it already is a message (some exporters leave it out).
    if (meta === undefined && lines.length === 0 && !('mes' in value)) meta = value;
    else lines.push({ line: i + 1, value });
  });
  if (meta === undefined && lines.length === 0) throw new CodedError('ST_CHAT_EMPTY', 'The SillyTavern chat file is empty.', { details: {} });
  return { meta: meta ?? {}, lines };
}

function varsOf(meta: Record<string, unknown>): Record<string, string> | undefined {
  const vars = isObject(meta.chat_metadata) ? meta.chat_metadata.variables : undefined;
  if (!isObject(vars)) return undefined;
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

function titleOf(meta: Record<string, unknown>, fileName: string | undefined, fallback: string): string {
  const fromFile = fileName?.replace(/\.jsonl$/i, '').trim();
  if (fromFile) return fromFile.slice(0, 120);
  const who = typeof meta.character_name === 'string' && meta.character_name.trim() !== '' ? meta.character_name.trim() : fallback;
  return `${who} (imported)`;
}

/** A new chat for `characterId` holding the file's messages in order, all written in one transaction. */
export async function importSillyTavernChat(
  db: AppDatabase,
  bytes: Uint8Array,
  characterId: string,
  opts: { fileName?: string; now?: () => number } = {},
): Promise<ChatRecord> {
  const parsed = parseLines(bytes);
  return mutate(
    db,
    [db.chats, db.messages, db.characters],
    async (w) => {
      const character = await db.characters.get(characterId);
      if (!character) throw characterNotFound(characterId);
      const chatId = crypto.randomUUID();
      const messages = parsed.lines.map(({ line, value }, i) => toMessage(value, line, chatId, i + 1, w.at));
      const vars = varsOf(parsed.meta);
      const created = parseStDate(parsed.meta.create_date) ?? messages[0]?.createdAt ?? w.at;
      const chat: ChatRecord = {
        id: chatId,
        characterId,
        title: titleOf(parsed.meta, opts.fileName, character.card.name),
        createdAt: created,
        updatedAt: w.at,
        lorebookIds: [],
        sampling: {},
        personaId: null,
        preview: '',
        messageCount: 0,
        ...(vars && { vars }),
      };
      await w.put(db.chats, chat);
      await w.bulkPut(db.messages, messages);
      return refreshChat(db, w, chatId, true);
    },
    opts.now ? { now: opts.now } : {},
  );
}
