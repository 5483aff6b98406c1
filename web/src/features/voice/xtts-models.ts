// The XTTS-v2 models a user can clone with: the voice catalog's variants, or any repository in the same layout.
import type { XttsCatalogEntry } from '@companion/core/schemas';
import { bundledVoiceCatalog } from '@companion/models/catalog-static';
import type { VoiceModelRef } from '../../db/voices';
import type { XttsHost, XttsQuant, XttsSource } from '../../workers/tts/xtts-source';

export interface XttsModelOption {
  key: string;
  label: string;
  entry: XttsCatalogEntry;
  quant: XttsQuant;
  gptFile: string;
  downloadBytes: number | null;
  sizeExact: boolean;
}

export interface CustomXttsModel {
  repo: string;
  revision: string;
  quant: XttsQuant;
  folder?: string;
}

export const CUSTOM_XTTS = 'custom';

export function xttsModelOptions(catalog: readonly XttsCatalogEntry[] = bundledVoiceCatalog): XttsModelOption[] {
  return catalog.flatMap((entry) =>
    entry.variants.map((v) => ({
      key: `${entry.id}@${v.quant}`,
      label: `${entry.name}, ${v.quant === 'int8' ? 'int8 GPT (smaller)' : 'fp32'}`,
      entry,
      quant: v.quant,
      gptFile: v.gptFile,
      downloadBytes: v.download?.bytes ?? null,
      sizeExact: v.download?.exact ?? false,
    })),
  );
}

/** Non-commercial licences are called out before anything is downloaded. */
export function isNonCommercial(entry: Pick<XttsCatalogEntry, 'licence'>): boolean {
  return /coqui|cpml|-nc\b|noncommercial|non-commercial/i.test(`${entry.licence.spdx} ${entry.licence.url ?? ''}`);
}

const defaultGptFile = (quant: XttsQuant) => (quant === 'int8' ? 'gpt_model_int8.onnx' : 'gpt_model.onnx');

/** The catalog entry a stored model reference came from, if any (then its sizes and hashes apply). */
function catalogMatch(ref: Pick<VoiceModelRef, 'repo' | 'folder' | 'quant'>, catalog: readonly XttsCatalogEntry[]) {
  for (const entry of catalog) {
    if (entry.source.repo !== ref.repo || (entry.source.folder ?? undefined) !== (ref.folder || undefined)) continue;
    const variant = entry.variants.find((v) => v.quant === ref.quant);
    if (variant) return { entry, variant };
  }
  return null;
}

/** What the worker needs to load a model: catalog sizes and hashes where known, optional external data either way. */
export function xttsSourceFor(ref: VoiceModelRef, catalog: readonly XttsCatalogEntry[] = bundledVoiceCatalog): XttsSource {
  const match = catalogMatch(ref, catalog);
  if (match && match.entry.source.revision === ref.revision) {
    return {
      ...ref,
      expected: [...match.entry.source.files, ...match.variant.files],
      optionalFiles: match.variant.optionalFiles.map((f) => f.path),
    };
  }
  return { ...ref, optionalFiles: [`${ref.gptFile}_data`] };
}

export function refForOption(option: XttsModelOption, host: XttsHost): VoiceModelRef {
  const { entry } = option;
  return { host, repo: entry.source.repo, revision: entry.source.revision, quant: option.quant, gptFile: option.gptFile, ...(entry.source.folder ? { folder: entry.source.folder } : {}) };
}

export function refForCustom(custom: CustomXttsModel, host: XttsHost): VoiceModelRef {
  const folder = custom.folder?.trim().replace(/^\/+|\/+$/g, '');
  return {
    host,
    repo: custom.repo.trim(),
    revision: custom.revision.trim() || 'main',
    quant: custom.quant,
    gptFile: defaultGptFile(custom.quant),
    ...(folder ? { folder } : {}),
  };
}

export function sameModel(a: VoiceModelRef, b: VoiceModelRef): boolean {
  return a.host === b.host && a.repo === b.repo && a.revision === b.revision && a.quant === b.quant && (a.folder ?? '') === (b.folder ?? '');
}

export function describeModel(ref: VoiceModelRef): string {
  return `${ref.repo}${ref.folder ? `/${ref.folder}` : ''} (${ref.quant}, ${ref.host === 'server' ? 'my server' : 'Hugging Face'})`;
}
