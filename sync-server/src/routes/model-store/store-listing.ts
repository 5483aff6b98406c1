// `/models/api/models`: the models the store holds, one entry per repository (like the Hub's own `/api/models`),
// from the complete pull manifests, so a browser lists what this server can hand out.
import type { StoreListing, StoreModel } from '../../../../core/src/schemas/model-store.ts';
import { listManifests } from '../../../../models/src/download/store.ts';

/** What the catalog says about a model, for its name and test label; the store itself knows only ids and files. */
export interface StoreCatalogInfo {
  id: string;
  name: string;
  testModel?: boolean | undefined;
}

export async function listStoreModels(modelsDir: string, catalog: readonly StoreCatalogInfo[] = []): Promise<StoreListing> {
  const byRepo = new Map<string, StoreModel>();
  for (const m of await listManifests(modelsDir)) {
    if (!m.complete) continue;
    const key = `${m.repo}@${m.revision}@${m.id}`;
    const known = catalog.find((e) => e.id === m.id);
    const seen = byRepo.get(key);
    if (seen) {
      seen.quants.push(m.quant);
      continue;
    }
    byRepo.set(key, {
      id: m.repo,
      revision: m.revision,
      catalogId: m.id,
      runtime: m.runtime,
      quants: [m.quant],
      ...(known ? { name: known.name } : {}),
      ...(known?.testModel ? { testModel: true } : {}),
    });
  }
  return [...byRepo.values()].sort((a, b) => a.id.localeCompare(b.id));
}
