// Which catalog ONNX models are in the model store (MODELS_DIR) and where their files are.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog, CatalogEntry } from '../../../core/src/schemas/models.ts';
import { verifyModel } from '../../../models/src/download/pull.ts';
import { readManifest, revisionDir } from '../../../models/src/download/store.ts';
import { AppError } from '../errors.ts';

export interface LocalModel {
  id: string;
  quant: string;
  /** Absolute folder in Hugging Face layout. */
  dir: string;
}

/** transformers.js names a quantised graph onnx/model_<quant>.onnx; fp32 is plain model.onnx. */
const graphFile = (quant: string) => (quant === 'fp32' ? 'model.onnx' : `model_${quant}.onnx`);

export class LocalModelIndex {
  /** Full sha256 checks already passed, keyed by id@quant@manifest time: hashing gigabytes once per pull is enough. */
  private readonly verified = new Map<string, Promise<string[]>>();

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
      if (!existsSync(join(dir, 'onnx', graphFile(quant))) || !existsSync(join(dir, 'config.json'))) continue;
      const problems = await this.integrityProblems(id, quant, manifest.updatedAt);
      if (problems.length > 0) {
        // C3: a corrupted or truncated file is refused, never loaded.
        throw new AppError('MODEL_CORRUPTED', 409, `Model "${id}" failed its integrity check (${problems[0]}); pull it again: npm run models -- pull ${id}`);
      }
      return { id, quant, dir };
    }
    return null;
  }

  /** Sizes every time (cheap, catches truncation), sha256 once per pulled version. */
  private async integrityProblems(id: string, quant: string, updatedAt: string): Promise<string[]> {
    const sizes = await verifyModel(this.modelsDir, id, quant, { hashes: false });
    if (!sizes.ok) return sizes.problems;
    const key = `${id}@${quant}@${updatedAt}`;
    let hashed = this.verified.get(key);
    if (!hashed) {
      hashed = verifyModel(this.modelsDir, id, quant).then((r) => r.problems);
      this.verified.set(key, hashed);
    }
    const problems = await hashed;
    if (problems.length > 0) this.verified.delete(key); // a re-pull may mend it; check again next time
    return problems;
  }

  async downloadedIds(): Promise<string[]> {
    const found = await Promise.all(this.catalog.map(async (e) => ((await this.find(e.id).catch(() => null)) ? e.id : null)));
    return found.filter((id): id is string => id !== null);
  }
}
