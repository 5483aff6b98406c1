// What a Companion server's model store holds, as its `/models/api/models` listing answers (Hub-like: one entry per
// repository, `id` is the repo), so the web app offers the models your server has instead of asking for an id.
import { z } from 'zod';
import { hfRepoSchema } from './models';

export const storeModelSchema = z.object({
  /** The repository, as `/models/<id>/resolve/<revision>/` serves it (the Hub's `id`). */
  id: hfRepoSchema,
  revision: z.string().min(1).max(100),
  /** The catalog id the pull used (`npm run models -- pull <catalogId>`). */
  catalogId: z.string().min(1),
  /** The catalog's display name, when this server's catalog has the model. */
  name: z.string().min(1).optional(),
  runtime: z.enum(['onnx', 'webllm', 'xtts']),
  /** Complete quantisations in the store (transformers.js dtypes, MLC quantisations or XTTS GPT precisions). */
  quants: z.array(z.string().min(1)).min(1),
  /** A generated test model (`npm run models -- fixtures`). */
  testModel: z.boolean().optional(),
});
export type StoreModel = z.infer<typeof storeModelSchema>;

export const storeListingSchema = z.array(storeModelSchema);
export type StoreListing = z.infer<typeof storeListingSchema>;
