// Which catalog ONNX models are in the model store (MODELS_DIR) and where their files are.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog, CatalogEntry } from '../../../core/src/schemas/models.ts';
import { readManifest, revisionDir } from '../../../models/src/download/store.ts';

export interface LocalModel {
  id: string;
  quant: string;
  /** Absolute folder in Hugging Face layout. */
  dir: string;
}

/** transformers.js names a quantised graph onnx/model_<quant>.onnx; fp32 is plain model.onnx. */
const graphFile = (quant: string) => (quant === 'fp32' ? 'model.onnx' : `model_${quant}.onnx`);

export class LocalModelIndex {
  constructor(
    readonly catalog: Catalog,
    private readonly modelsDir: string,
  ) {}

  entry(id: string): CatalogEntry | undefined {
    return this.catalog.find((e) => e.id === id);
  }

  /** The downloaded variant to run (the default quant when present), or null when nothing usable is stored. */
  async find(id: string): Promise<LocalModel | null> {
    const entry = this.entry(id);
    if (!entry || entry.runtime !== 'onnx') return null;
    const quants = [entry.defaultQuant, ...entry.variants.map((v) => v.quant).filter((q) => q !== entry.defaultQuant)];
    for (const quant of quants) {
      const manifest = await readManifest(this.modelsDir, entry.id, quant);
      if (!manifest?.complete) continue;
      const dir = revisionDir(this.modelsDir, manifest.repo, manifest.revision);
      // A manifest whose files were deleted by hand is not a usable model.
      if (existsSync(join(dir, 'onnx', graphFile(quant))) && existsSync(join(dir, 'config.json'))) return { id, quant, dir };
    }
    return null;
  }

  async downloadedIds(): Promise<string[]> {
    const found = await Promise.all(this.catalog.map(async (e) => ((await this.find(e.id)) ? e.id : null)));
    return found.filter((id): id is string => id !== null);
  }
}
