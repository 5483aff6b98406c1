// Schemas of the voice-model catalog (models/catalog/voice/*.json): XTTS-v2 ONNX exports the app can download.
// Kept apart from the LLM catalog because a voice model has no context length, chat template or WebLLM id, and
// every LLM-facing list (model picker, /api/models, /v1/models) must never offer one.
import { z } from 'zod';
import { byteCountSchema, hfRepoSchema, licenceSchema, modelFileSchema, repoPathSchema } from './models';

/** The GPT graph's precision; the other three graphs and the tables are fp32 in every variant. */
export const xttsQuantSchema = z.enum(['fp32', 'int8']);
export type XttsQuant = z.infer<typeof xttsQuantSchema>;

export const xttsVariantSchema = z.object({
  quant: xttsQuantSchema,
  /** The GPT file XttsModel.load gets as `gptFile` (`gpt_model.onnx` or `gpt_model_int8.onnx`). */
  gptFile: repoPathSchema,
  /** Files only this variant needs: the GPT graph and any external-data file beside it. */
  files: z.array(modelFileSchema).min(1),
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
  /** Language codes the model speaks, as XTTS names them (`en`, `zh-cn`, ...). */
  languages: z.array(z.string().min(2).max(10)).min(1),
  description: z.string().optional(),
  source: z.object({
    repo: hfRepoSchema,
    /** Branch, tag or commit; the puller records the commit it actually got in the manifest. */
    revision: z.string().min(1).max(100),
    /** Files every variant needs: metadata, vocabulary, mel stats, the three fp32 graphs and the tables. */
    files: z.array(modelFileSchema).min(1),
  }),
  defaultQuant: xttsQuantSchema,
  variants: z.array(xttsVariantSchema).min(1),
});
export type XttsCatalogEntry = z.infer<typeof xttsEntrySchema>;

export const voiceCatalogSchema = z.array(xttsEntrySchema).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate id ${e.id}` });
    seen.add(e.id);
    const quants: string[] = e.variants.map((v) => v.quant);
    if (!quants.includes(e.defaultQuant)) ctx.addIssue({ code: 'custom', path: [i, 'defaultQuant'], message: 'defaultQuant has no variant' });
    if (new Set(quants).size !== quants.length) ctx.addIssue({ code: 'custom', path: [i, 'variants'], message: 'duplicate quant' });
  });
});
export type VoiceCatalog = z.infer<typeof voiceCatalogSchema>;
