// Schemas of the voice-model catalog (models/catalog/voice/*.json): XTTS-v2 ONNX exports the app can download.
// Kept apart from the LLM catalog because a voice model has no context length, chat template or WebLLM id, and
// every LLM-facing list (model picker, /api/models, /v1/models) must never offer one.
import { z } from 'zod';
import { byteCountSchema, hfRepoSchema, licenceSchema, modelFileSchema, repoPathSchema } from './models';
import { xttsLanguageSchema } from './languages';

/** The GPT graph's precision; the other three graphs and the tables are fp32 in every variant. */
/** The files of every XTTS folder besides the GPT graph (shared/docs/xtts-onnx.md), relative to the folder. */
export const XTTS_SHARED_FILES = [
  'metadata.json',
  'vocab.json',
  'mel_stats.npy',
  'conditioning_encoder.onnx',
  'speaker_encoder.onnx',
  'hifigan_vocoder.onnx',
  'embeddings/mel_embedding.npy',
  'embeddings/mel_pos_embedding.npy',
  'embeddings/text_embedding.npy',
  'embeddings/text_pos_embedding.npy',
] as const;

export const xttsQuantSchema = z.enum(['fp32', 'int8']);
export type XttsQuant = z.infer<typeof xttsQuantSchema>;

export const xttsVariantSchema = z.object({
  quant: xttsQuantSchema,
  /** The GPT file XttsModel.load gets as `gptFile` (`gpt_model.onnx` or `gpt_model_int8.onnx`). */
  gptFile: repoPathSchema,
  /** Files only this variant needs: the GPT graph and any external-data file beside it. */
  files: z.array(modelFileSchema).min(1),
  /**
   * Files fetched only when the source lists them (its Hub tree listing, or a probe): an external-data file the
   * catalog could not confirm offline. Absent at the source means not needed, never an error.
   */
  optionalFiles: z.array(modelFileSchema).default([]),
  download: byteCountSchema.nullable(),
  /** Memory the four sessions and the tables need while speaking (estimate unless exact). */
  memory: byteCountSchema,
});
export type XttsVariant = z.infer<typeof xttsVariantSchema>;

export const xttsEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,80}$/),
  name: z.string().min(1),
  family: z.string().min(1),
  runtime: z.literal('xtts'),
  licence: licenceSchema,
  /** Language ids the model speaks, from the one shared list (core/src/schemas/languages.ts: `en`, `zh-cn`, ...). */
  languages: z.array(xttsLanguageSchema).min(1),
  description: z.string().optional(),
  /** A generated model for tests (see the chat catalog's `testModel`). */
  testModel: z.boolean().optional(),
  source: z.object({
    repo: hfRepoSchema,
    /** Branch, tag or commit; the puller records the commit it actually got in the manifest. */
    revision: z.string().min(1).max(100),
    /**
     * The folder inside the repository that holds the model (`xtts_onnx` in pltobing/XTTSv2-Streaming-ONNX); every
     * `path` and `gptFile` in this entry is relative to it. Absent: the repository root.
     */
    folder: repoPathSchema.optional(),
    /** Files every variant needs: metadata, vocabulary, mel stats, the three fp32 graphs and the tables. */
    files: z.array(modelFileSchema).min(1),
  }),
  defaultQuant: xttsQuantSchema,
  variants: z.array(xttsVariantSchema).min(1),
});
export type XttsCatalogEntry = z.infer<typeof xttsEntrySchema>;

/** A path of an entry (relative to its `source.folder`) as a path inside the repository, which is how the store keeps it. */
export function xttsRepoPath(entry: Pick<XttsCatalogEntry, 'source'>, path: string): string {
  return entry.source.folder ? `${entry.source.folder}/${path}` : path;
}

export const voiceCatalogSchema = z.array(xttsEntrySchema).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate id ${e.id}` });
    seen.add(e.id);
    const quants: string[] = e.variants.map((v) => v.quant);
    if (!quants.includes(e.defaultQuant)) ctx.addIssue({ code: 'custom', path: [i, 'defaultQuant'], message: 'defaultQuant has no variant' });
    if (new Set(quants).size !== quants.length) ctx.addIssue({ code: 'custom', path: [i, 'variants'], message: 'duplicate quant' });
    e.variants.forEach((v, j) => {
      if (!v.files.some((f) => f.path === v.gptFile)) ctx.addIssue({ code: 'custom', path: [i, 'variants', j, 'gptFile'], message: "gptFile is not among the variant's files" });
    });
  });
});
export type VoiceCatalog = z.infer<typeof voiceCatalogSchema>;
