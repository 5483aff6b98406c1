// The model catalog bundled into the app (models/catalog/*.json), so choosing a model works offline.
import { catalogSchema, type CatalogEntry } from '@companion/core/schemas';

const files = import.meta.glob<CatalogEntry>('../../../../models/catalog/*.json', { eager: true, import: 'default' });

/** Parsed once; a malformed catalog file is a build bug, so it fails loudly. */
export const CATALOG: readonly CatalogEntry[] = catalogSchema.parse(Object.values(files));
