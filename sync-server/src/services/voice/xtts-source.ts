// Where the server's XTTS comes from: XTTS_MODEL_DIR, else a voice model pulled into MODELS_DIR (`npm run models --
// pull xtts-v2`), checked against its manifest (C3) before it is loaded: a corrupted model is refused, never run.
import { join, posix } from 'node:path';
import type { XttsModel } from '@companion/core/speech/xtts';
import type { ModelManifest } from '../../../../core/src/schemas/models.ts';
import type { VoiceCatalog, XttsCatalogEntry } from '../../../../core/src/schemas/voice-models.ts';
import { verifyModel } from '../../../../models/src/download/pull.ts';
import { listManifests, readManifest, revisionDir } from '../../../../models/src/download/store.ts';
import { ConfigError } from '../../env.ts';
import { AppError } from '../../errors.ts';
import type { VoiceConfig } from './config.ts';
import { loadXttsModel } from './runtime.ts';

/** A pulled XTTS model ready to load: its model folder and GPT file. */
export interface PulledXtts {
  id: string;
  quant: string;
  /** The folder holding metadata.json and the graphs (the export's `xtts_onnx/` inside the revision folder). */
  dir: string;
  gptFile: string;
  manifest: ModelManifest;
}

export interface XttsSourceOptions {
  config: Pick<VoiceConfig, 'xttsModelDir' | 'xttsModel'>;
  modelsDir: string;
  catalog: VoiceCatalog;
  /** How a folder is loaded; tests count calls to show a refused model is never loaded. */
  load?: (dir: string, opts: { gptFile?: string }) => Promise<XttsModel>;
}

const pullHint = (id: string, quant?: string): string => `npm run models -- pull ${id}${quant ? ` --quant ${quant}` : ''}`;

/** The real export names its GPT graphs `gpt_model.onnx` (fp32) and `gpt_model_<quant>.onnx`; used for ids the catalog lacks. */
const conventionalGptFile = (quant: string): string => (quant === 'fp32' ? 'gpt_model.onnx' : `gpt_model_${quant}.onnx`);

/**
 * Folder and GPT file of a complete manifest: from the catalog entry when it has one; otherwise (a test model, a model
 * pulled with another catalog) the folder of its metadata.json and the export's GPT naming. Null when unusable.
 */
function pulledFrom(manifest: ModelManifest, entry: XttsCatalogEntry | undefined, modelsDir: string): PulledXtts | null {
  const paths = new Set(manifest.files.map((f) => f.path));
  const metadata = manifest.files.find((f) => f.path === 'metadata.json' || f.path.endsWith('/metadata.json'));
  const folder = entry ? (entry.source.folder ?? '') : metadata ? posix.dirname(metadata.path).replace(/^\.$/, '') : null;
  const gptFile = entry?.variants.find((v) => v.quant === manifest.quant)?.gptFile ?? (entry ? null : conventionalGptFile(manifest.quant));
  if (folder === null || !gptFile) return null;
  const inRepo = (p: string): string => (folder ? `${folder}/${p}` : p);
  if (!paths.has(inRepo('metadata.json')) || !paths.has(inRepo(gptFile))) return null;
  const base = revisionDir(modelsDir, manifest.repo, manifest.revision);
  return { id: manifest.id, quant: manifest.quant, dir: folder ? join(base, ...folder.split('/')) : base, gptFile, manifest };
}

/**
 * The pulled XTTS model to use: XTTS_MODEL's pick, else the first complete `xtts` manifest (catalog models in catalog
 * order with their default quant first, then others by name). Null when none is pulled.
 */
export async function findPulledXtts(o: Pick<XttsSourceOptions, 'config' | 'modelsDir' | 'catalog'>): Promise<PulledXtts | null> {
  const entryOf = (id: string) => o.catalog.find((e) => e.id === id);
  const wanted = o.config.xttsModel;
  let candidates: ModelManifest[];
  if (wanted?.quant) {
    const m = await readManifest(o.modelsDir, wanted.id, wanted.quant);
    candidates = m ? [m] : [];
  } else {
    candidates = (await listManifests(o.modelsDir)).filter((m) => m.runtime === 'xtts' && (!wanted || m.id === wanted.id));
  }
  const rank = (m: ModelManifest): [number, number] => {
    const i = o.catalog.findIndex((e) => e.id === m.id);
    return [i === -1 ? o.catalog.length : i, entryOf(m.id)?.defaultQuant === m.quant ? 0 : 1];
  };
  candidates.sort((a, b) => {
    const [ai, aq] = rank(a);
    const [bi, bq] = rank(b);
    return ai - bi || aq - bq || `${a.id}@${a.quant}`.localeCompare(`${b.id}@${b.quant}`);
  });
  for (const m of candidates) {
    if (m.runtime !== 'xtts' || !m.complete) continue;
    const found = pulledFrom(m, entryOf(m.id), o.modelsDir);
    if (found) return found;
  }
  return null;
}

/**
 * C3 for a pulled voice model: sizes on every load attempt (cheap, catches truncation), sha256 once per pulled version
 * (the manifest's updatedAt; a re-pull changes it). A failed hash check is remembered too, so every request to a
 * corrupted model is not another pass over gigabytes.
 */
export class PulledXttsChecker {
  private readonly hashed = new Map<string, Promise<string[]>>();

  constructor(private readonly modelsDir: string) {}

  async problems(p: PulledXtts): Promise<string[]> {
    const sizes = await verifyModel(this.modelsDir, p.id, p.quant, { hashes: false });
    if (!sizes.ok) return sizes.problems;
    const key = `${p.id}@${p.quant}@${p.manifest.updatedAt}`;
    let hashed = this.hashed.get(key);
    if (!hashed) {
      hashed = verifyModel(this.modelsDir, p.id, p.quant).then((r) => r.problems);
      this.hashed.set(key, hashed);
    }
    return hashed;
  }
}

export const corruptedXtts = (p: PulledXtts, problem: string): AppError =>
  new AppError(
    'MODEL_CORRUPTED',
    409,
    `Voice model ${p.id}@${p.quant} is corrupted (MODEL_CORRUPTED: ${problem}); mend it with: ${pullHint(p.id, p.quant)} --verify`,
  );

/**
 * The XTTS loader for the voice registry, or undefined when this server has no XTTS: XTTS_MODEL_DIR as it is; else a
 * pulled model, found now (XTTS_MODEL set: always, so pulling it later needs no restart) and looked up again, checked
 * and loaded on first use. A refusal (not pulled, corrupted) rejects; the registry reports it and tries again later.
 */
export async function xttsLoader(o: XttsSourceOptions): Promise<(() => Promise<XttsModel>) | undefined> {
  const load = o.load ?? loadXttsModel;
  const dir = o.config.xttsModelDir;
  if (dir) return () => load(dir, {});
  const wanted = o.config.xttsModel;
  const entry = wanted && o.catalog.find((e) => e.id === wanted.id);
  if (wanted?.quant && entry && !entry.variants.some((v) => v.quant === wanted.quant)) {
    throw new ConfigError(`XTTS_MODEL: ${wanted.id} has no quantisation ${wanted.quant} (${entry.variants.map((v) => v.quant).join(', ')})`, ['XTTS_MODEL']);
  }
  if (!wanted && !(await findPulledXtts(o))) return undefined;
  const checker = new PulledXttsChecker(o.modelsDir);
  return async () => {
    const pulled = await findPulledXtts(o);
    if (!pulled) {
      const id = wanted?.id ?? 'xtts-v2';
      throw new AppError('MODEL_NOT_DOWNLOADED', 409, `Voice model ${wanted ? `${id}${wanted.quant ? `@${wanted.quant}` : ''}` : id} is not pulled into MODELS_DIR: ${pullHint(id, wanted?.quant)}`);
    }
    const problems = await checker.problems(pulled);
    if (problems.length > 0) throw corruptedXtts(pulled, problems[0] ?? 'integrity check failed');
    return load(pulled.dir, { gptFile: pulled.gptFile });
  };
}
