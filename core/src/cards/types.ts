// The one internal card model: V3 superset of fields, plus every unknown field kept beside them for export.

export type JsonObject = Record<string, unknown>;

export type CardSpec = 'chara_card_v1' | 'chara_card_v2' | 'chara_card_v3';
export type CardContainer = 'json' | 'png' | 'charx';

/** Where a card came from: spec and version as written in the file. */
export interface CardSource {
  spec: CardSpec;
  specVersion: string;
  container: CardContainer;
}

export interface AssetRef {
  type: string;
  uri: string;
  name: string;
  ext: string;
  /** Unknown keys of the asset object. */
  extra: JsonObject;
}

export type EntryPosition = 'before_char' | 'after_char' | '';

export interface LoreEntry {
  keys: string[];
  content: string;
  extensions: JsonObject;
  enabled: boolean;
  insertion_order: number;
  case_sensitive?: boolean;
  use_regex?: boolean;
  constant?: boolean;
  selective?: boolean;
  secondary_keys?: string[];
  name?: string;
  priority?: number;
  id?: number | string;
  comment?: string;
  position?: EntryPosition;
  /** Unknown keys of the entry object (tool-specific fields belong in extensions, but files differ). */
  extra: JsonObject;
}

export interface Lorebook {
  name?: string;
  description?: string;
  scan_depth?: number;
  token_budget?: number;
  recursive_scanning?: boolean;
  extensions: JsonObject;
  entries: LoreEntry[];
  extra: JsonObject;
}

export interface CardData {
  name: string;
  description: string;
  personality: string;
  scenario: string;
  first_mes: string;
  mes_example: string;
  creator_notes: string;
  system_prompt: string;
  post_history_instructions: string;
  alternate_greetings: string[];
  character_book?: Lorebook;
  tags: string[];
  creator: string;
  character_version: string;
  extensions: JsonObject;
  // V3 additions
  group_only_greetings: string[];
  nickname?: string;
  creator_notes_multilingual?: Record<string, string>;
  source?: string[];
  creation_date?: number;
  modification_date?: number;
  assets?: AssetRef[];
  /** Unknown keys of `data`. */
  extra: JsonObject;
}

/** A file packed with the card (CHARX entries other than card.json). */
export interface CardFile {
  path: string;
  bytes: Uint8Array;
}

export interface Card {
  source: CardSource;
  data: CardData;
  /** Unknown top-level keys beside spec/spec_version/data (SillyTavern writes V1 copies there, for example). */
  extraTop: JsonObject;
  /** The card's own picture (the PNG it came in, or the CHARX main icon). */
  image?: Uint8Array;
  files: CardFile[];
}

/** The key under `extensions` where this app keeps its own data (for example the cloned voice). */
export const APP_EXTENSION_KEY = 'companion';

export const CURRENT_V2_VERSION = '2.0';
export const CURRENT_V3_VERSION = '3.0';
