// The catalogs as static JSON imports: isomorphic (Vite bundles them for the web app), no file system needed.
// catalog.test.ts checks that these lists cover every file in models/catalog/ and models/catalog/voice/.
import { catalogSchema } from '../../core/src/schemas/models.ts';
import type { Catalog } from '../../core/src/schemas/models.ts';
import { voiceCatalogSchema } from '../../core/src/schemas/voice-models.ts';
import type { VoiceCatalog } from '../../core/src/schemas/voice-models.ts';
import llama321bInstructOnnx from '../catalog/llama-3.2-1b-instruct-onnx.json' with { type: 'json' };
import llama321bInstructWebllm from '../catalog/llama-3.2-1b-instruct-webllm.json' with { type: 'json' };
import llama323bInstructWebllm from '../catalog/llama-3.2-3b-instruct-webllm.json' with { type: 'json' };
import phi35MiniInstructWebllm from '../catalog/phi-3.5-mini-instruct-webllm.json' with { type: 'json' };
import qwen2505bInstructOnnx from '../catalog/qwen2.5-0.5b-instruct-onnx.json' with { type: 'json' };
import qwen2505bInstructWebllm from '../catalog/qwen2.5-0.5b-instruct-webllm.json' with { type: 'json' };
import qwen2515bInstructWebllm from '../catalog/qwen2.5-1.5b-instruct-webllm.json' with { type: 'json' };
import smollm2360mInstructOnnx from '../catalog/smollm2-360m-instruct-onnx.json' with { type: 'json' };
import smollm2360mInstructWebllm from '../catalog/smollm2-360m-instruct-webllm.json' with { type: 'json' };
import xttsV2 from '../catalog/voice/xtts-v2.json' with { type: 'json' };

export const CATALOG_FILES = [
  'llama-3.2-1b-instruct-onnx.json',
  'llama-3.2-1b-instruct-webllm.json',
  'llama-3.2-3b-instruct-webllm.json',
  'phi-3.5-mini-instruct-webllm.json',
  'qwen2.5-0.5b-instruct-onnx.json',
  'qwen2.5-0.5b-instruct-webllm.json',
  'qwen2.5-1.5b-instruct-webllm.json',
  'smollm2-360m-instruct-onnx.json',
  'smollm2-360m-instruct-webllm.json',
] as const;

/** Parsed once at import; a broken entry fails loudly at start-up rather than when a user picks it. */
export const bundledCatalog: Catalog = catalogSchema.parse([
  llama321bInstructOnnx,
  llama321bInstructWebllm,
  llama323bInstructWebllm,
  phi35MiniInstructWebllm,
  qwen2505bInstructOnnx,
  qwen2505bInstructWebllm,
  qwen2515bInstructWebllm,
  smollm2360mInstructOnnx,
  smollm2360mInstructWebllm,
]);

export const VOICE_CATALOG_FILES = ['xtts-v2.json'] as const;

/** Voice models (XTTS-v2 exports): never part of `bundledCatalog`, so no chat model list can show them. */
export const bundledVoiceCatalog: VoiceCatalog = voiceCatalogSchema.parse([xttsV2]);
