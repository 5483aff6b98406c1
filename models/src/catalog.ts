// Loads and validates the model catalogs against the shared schemas in core: chat models (models/catalog/*.json) and
// voice models (models/catalog/voice/*.json), kept apart so no LLM-facing list can ever offer a voice model.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { catalogEntrySchema, catalogSchema } from '../../core/src/schemas/models.ts';
import type { Catalog, CatalogEntry } from '../../core/src/schemas/models.ts';
import { voiceCatalogSchema, xttsEntrySchema } from '../../core/src/schemas/voice-models.ts';
import type { VoiceCatalog } from '../../core/src/schemas/voice-models.ts';
import type { PullableEntry } from './download/pull.ts';
import { DownloadError } from './download/errors.ts';

export type {
  Catalog,
  CatalogEntry,
  ModelFile,
  ModelManifest,
  OnnxCatalogEntry,
  WebllmCatalogEntry,
} from '../../core/src/schemas/models.ts';
export { catalogEntrySchema, catalogSchema, modelManifestSchema } from '../../core/src/schemas/models.ts';
export type { VoiceCatalog, XttsCatalogEntry, XttsQuant, XttsVariant } from '../../core/src/schemas/voice-models.ts';
export { voiceCatalogSchema, xttsEntrySchema, xttsRepoPath } from '../../core/src/schemas/voice-models.ts';
export type { PullableEntry } from './download/pull.ts';

export const DEFAULT_CATALOG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../catalog');

/** The voice catalog lives in `voice/` under a catalog folder. */
export const VOICE_CATALOG_SUBDIR = 'voice';

/** Parses every `*.json` in a folder (sorted by name) with `schema`; throws with the file name on the first invalid one. */
function readEntries<T>(dir: string, label: string, schema: z.ZodType<T>): T[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const parsed = schema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      if (!parsed.success) throw new Error(`${label}/${f}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** Reads every chat-model `*.json` in the folder (not its `voice/` subfolder). */
export function loadCatalog(dir: string = DEFAULT_CATALOG_DIR): Catalog {
  return catalogSchema.parse(readEntries(dir, 'catalog', catalogEntrySchema));
}

/**
 * Reads the voice models in `<catalogDir>/voice/*.json`; a catalog folder without `voice/` (a test or air-gapped
 * catalog of chat models only) has none.
 */
export function loadVoiceCatalog(catalogDir: string = DEFAULT_CATALOG_DIR): VoiceCatalog {
  const dir = join(catalogDir, VOICE_CATALOG_SUBDIR);
  if (!existsSync(dir)) return [];
  return voiceCatalogSchema.parse(readEntries(dir, `catalog/${VOICE_CATALOG_SUBDIR}`, xttsEntrySchema));
}

/** `<MODELS_DIR>/.catalog/`: the operator's own chat-model entries (a dot-folder, so the mirror never serves it). */
export const LOCAL_CATALOG_DIR = '.catalog';

/**
 * The bundled catalog plus the entries in `<modelsDir>/.catalog/*.json`, in the same format as `models/catalog/`.
 * This is how an operator adds an ONNX model the project does not list (pull it, chat with it on the server);
 * an id that clashes with a bundled one is refused rather than silently shadowing it.
 */
export function withLocalCatalog(bundled: Catalog, modelsDir: string): Catalog {
  const dir = join(modelsDir, LOCAL_CATALOG_DIR);
  if (!existsSync(dir)) return bundled;
  const local = readEntries(dir, `${modelsDir}/${LOCAL_CATALOG_DIR}`, catalogEntrySchema);
  const bundledIds = new Set(bundled.map((e) => e.id));
  for (const e of local) {
    if (bundledIds.has(e.id)) throw new Error(`${dir}: "${e.id}" is already a bundled catalog id; give your entry another id`);
  }
  return catalogSchema.parse([...bundled, ...local]);
}

/**
 * The bundled voice catalog plus `<modelsDir>/.catalog/voice/*.json` (how `npm run models -- fixtures` lists
 * test-tiny-xtts); a clash with a bundled id is refused, as for chat models.
 */
export function withLocalVoiceCatalog(bundled: VoiceCatalog, modelsDir: string): VoiceCatalog {
  const dir = join(modelsDir, LOCAL_CATALOG_DIR, VOICE_CATALOG_SUBDIR);
  if (!existsSync(dir)) return bundled;
  const local = readEntries(dir, `${modelsDir}/${LOCAL_CATALOG_DIR}/${VOICE_CATALOG_SUBDIR}`, xttsEntrySchema);
  const bundledIds = new Set(bundled.map((e) => e.id));
  for (const e of local) {
    if (bundledIds.has(e.id)) throw new Error(`${dir}: "${e.id}" is already a bundled voice catalog id; give your entry another id`);
  }
  return voiceCatalogSchema.parse([...bundled, ...local]);
}

export function findEntry(catalog: Catalog, id: string): CatalogEntry {
  const entry = catalog.find((e) => e.id === id);
  if (!entry) throw new DownloadError('UNKNOWN_MODEL', `no model "${id}" in the catalog`, { ids: catalog.map((e) => e.id) });
  return entry;
}

/** A chat or voice model by id (ids are unique across both; a test checks). */
export function findPullable(catalog: Catalog, voices: VoiceCatalog, id: string): PullableEntry {
  const entry: PullableEntry | undefined = catalog.find((e) => e.id === id) ?? voices.find((e) => e.id === id);
  if (!entry) throw new DownloadError('UNKNOWN_MODEL', `no model "${id}" in the catalog`, { ids: [...catalog, ...voices].map((e) => e.id) });
  return entry;
}
