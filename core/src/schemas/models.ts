// Schemas of the model catalog and of a downloaded model's manifest, shared by models/, the server and the web app.
import { z } from 'zod';

/** A path inside a repository: relative, forward slashes, no `..`, `.` or empty segments. */
export const repoPathSchema = z
  .string()
  .min(1)
  .max(300)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && p.split('/').every((s) => s !== '' && s !== '.' && s !== '..'), {
    message: 'must be a relative path without . or .. segments',
  });

/** A Hugging Face repository id, `owner/name`: the one pattern the catalog, the puller and the browser check. */
export const HF_REPO_PATTERN = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;
export const hfRepoSchema = z.string().regex(HF_REPO_PATTERN, 'owner/name');
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

/** One file of a model; size and hash are null where they could not be known when the catalog was written. */
export const modelFileSchema = z.object({
  path: repoPathSchema,
  size: z.number().int().nonnegative().nullable(),
  sha256: sha256Schema.nullable(),
});
export type ModelFile = z.infer<typeof modelFileSchema>;

/** A size the catalog states; `exact: false` marks an estimate (see models/README.md for how it is made). */
export const byteCountSchema = z.object({ bytes: z.number().int().positive(), exact: z.boolean() });

export const licenceSchema = z.object({
  /** SPDX id, or LicenseRef-* for licences SPDX does not list (Llama community licences). */
  spdx: z.string().min(1),
  url: z.url(),
});

/** transformers.js dtype names (file suffixes) and MLC quantisation names. */
export const onnxQuantSchema = z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4']);
export const webllmQuantSchema = z.enum(['q4f16_1', 'q4f32_1', 'q0f16', 'q0f32']);
export type OnnxQuant = z.infer<typeof onnxQuantSchema>;

/** Browser features a variant needs, as WebGPU names them. */
export const gpuFeatureSchema = z.enum(['shader-f16']);

const commonEntry = {
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,80}$/),
  name: z.string().min(1),
  family: z.string().min(1),
  /** Parameter count of the original model. */
  parameters: z.number().int().positive(),
  /** Longest context the model was trained for; a runtime may allow less (see the variant). */
  contextLength: z.number().int().positive(),
  licence: licenceSchema,
  description: z.string().optional(),
  /** A generated model for tests (rigged weights, says one fixed thing): every list labels it so nobody mistakes it for a real one. */
  testModel: z.boolean().optional(),
};

const variantCommon = {
  download: byteCountSchema.nullable(),
  /** Memory the model needs to run at the variant's context (weights, KV cache, activations); estimate unless exact. */
  memory: byteCountSchema,
  requiredFeatures: z.array(gpuFeatureSchema).default([]),
};

export const onnxVariantSchema = z.object({
  ...variantCommon,
  quant: onnxQuantSchema,
  /** Files besides the shared ones: `onnx/model_<suffix>.onnx` and any external data. */
  files: z.array(modelFileSchema).min(1),
});

export const onnxEntrySchema = z.object({
  ...commonEntry,
  runtime: z.literal('onnx'),
  source: z.object({
    repo: hfRepoSchema,
    /** Branch, tag or commit; the puller records the commit it actually got in the manifest. */
    revision: z.string().min(1).max(100),
    /** Files every variant needs (config, tokenizer, chat template). */
    files: z.array(modelFileSchema).min(1),
  }),
  defaultQuant: onnxQuantSchema,
  variants: z.array(onnxVariantSchema).min(1),
});

export const webllmVariantSchema = z.object({
  ...variantCommon,
  quant: webllmQuantSchema,
  /** WebLLM prebuilt `model_id`. */
  modelId: z.string().min(1),
  /** Weights repository URL as WebLLM's prebuiltAppConfig gives it. */
  modelUrl: z.url(),
  /** Compiled model library (.wasm) URL. */
  modelLib: z.url(),
  /** Context window the compiled library was built for. */
  contextWindow: z.number().int().positive(),
  lowResourceRequired: z.boolean(),
});

export const webllmEntrySchema = z.object({
  ...commonEntry,
  runtime: z.literal('webllm'),
  /** The @mlc-ai/web-llm version whose prebuiltAppConfig these ids and numbers come from. */
  webllmVersion: z.string().min(1),
  defaultQuant: webllmQuantSchema,
  variants: z.array(webllmVariantSchema).min(1),
});

export const catalogEntrySchema = z.discriminatedUnion('runtime', [onnxEntrySchema, webllmEntrySchema]);
export type OnnxCatalogEntry = z.infer<typeof onnxEntrySchema>;
export type WebllmCatalogEntry = z.infer<typeof webllmEntrySchema>;
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
export type CatalogEntryInput = z.input<typeof catalogEntrySchema>;

export const catalogSchema = z.array(catalogEntrySchema).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate id ${e.id}` });
    seen.add(e.id);
    const quants: string[] = e.variants.map((v) => v.quant);
    if (!quants.includes(e.defaultQuant)) {
      ctx.addIssue({ code: 'custom', path: [i, 'defaultQuant'], message: 'defaultQuant has no variant' });
    }
    if (new Set(quants).size !== quants.length) ctx.addIssue({ code: 'custom', path: [i, 'variants'], message: 'duplicate quant' });
  });
});
export type Catalog = z.infer<typeof catalogSchema>;

/** How a file's expected size and hash were established (C3). */
export const trustSchema = z.enum([
  'catalog', // the catalog states them
  'source', // the source stated the hash (Hugging Face's X-Linked-Etag for LFS files) or size
  'first-use', // nothing stated them: recorded on first download and enforced from then on
]);

export const manifestFileSchema = z.object({
  path: repoPathSchema,
  size: z.number().int().nonnegative(),
  sha256: sha256Schema,
  trust: trustSchema,
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

/** `<store>/.manifests/<id>@<quant>.json`: what a pull fetched; `complete` only after every file passed its checks. */
export const modelManifestSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  quant: z.string(),
  runtime: z.enum(['onnx', 'webllm', 'xtts']),
  repo: hfRepoSchema,
  /** The revision as the store path names it (`<store>/<repo>/resolve/<revision>/`). */
  revision: z.string(),
  /** The commit the source reported (X-Repo-Commit), pinned for later files and re-pulls. */
  resolvedRevision: z.string().nullable(),
  complete: z.boolean(),
  updatedAt: z.string(),
  files: z.array(manifestFileSchema),
});
export type ModelManifest = z.infer<typeof modelManifestSchema>;
