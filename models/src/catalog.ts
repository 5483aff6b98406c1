// Loads and validates the model catalog (models/catalog/*.json) against the shared schema in core.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogEntrySchema, catalogSchema } from '../../core/src/schemas/models.ts';
import type { Catalog, CatalogEntry } from '../../core/src/schemas/models.ts';
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

export const DEFAULT_CATALOG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../catalog');

/** Reads every `*.json` in the folder (sorted by name); throws with the file name on the first invalid entry. */
export function loadCatalog(dir: string = DEFAULT_CATALOG_DIR): Catalog {
  const entries = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const parsed = catalogEntrySchema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      if (!parsed.success) throw new Error(`catalog/${f}: ${parsed.error.message}`);
      return parsed.data;
    });
  return catalogSchema.parse(entries);
}

export function findEntry(catalog: Catalog, id: string): CatalogEntry {
  const entry = catalog.find((e) => e.id === id);
  if (!entry) throw new DownloadError('UNKNOWN_MODEL', `no model "${id}" in the catalog`, { ids: catalog.map((e) => e.id) });
  return entry;
}
