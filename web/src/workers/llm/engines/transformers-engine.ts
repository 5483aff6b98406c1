// ONNX chat models through transformers.js on onnxruntime-web, on WebGPU or WebAssembly, inside the LLM worker.
import type * as TransformersModule from '@huggingface/transformers';
import { CodedError } from '@companion/core/errors';
import {
  generateOptionsSchema,
  transformersGenerate,
  type Interrupt,
  type TransformersRuntime,
  type ChatMessage,
  type GenerateOptionsInput,
  type GenerationResult,
  type LlmEngine,
  type LoadProgress,
  type ModelRef,
} from '@companion/core/llm';
import { ORT_WASM_PATHS } from '../../ort-paths';
import { fromTransformersProgress, type TransformersProgress } from './progress';
import { checkServerHasModel, describeLoadError } from './model-check';

type Transformers = typeof TransformersModule;
type Tokenizer = Awaited<ReturnType<Transformers['AutoTokenizer']['from_pretrained']>>;
type CausalLM = Awaited<ReturnType<Transformers['AutoModelForCausalLM']['from_pretrained']>>;

const HUB = 'https://huggingface.co/';

export class TransformersEngine implements LlmEngine {
  private tf: Transformers | null = null;
  private tokenizer: Tokenizer | null = null;
  private model: CausalLM | null = null;
  private interrupt: Interrupt | null = null;

  constructor(readonly kind: 'onnx-webgpu' | 'onnx-wasm') {}

  async load(ref: ModelRef, onProgress?: (progress: LoadProgress) => void): Promise<void> {
    // Loaded on demand: transformers.js and its runtime are far too heavy for the first page.
    const tf = await import('@huggingface/transformers');
    // transformers.js keeps settings in one global object; this worker owns its copy, so setting it here is safe.
    tf.env.allowLocalModels = false;
    tf.env.allowRemoteModels = true;
    tf.env.remoteHost = ref.host ?? HUB;
    tf.env.remotePathTemplate = '{model}/resolve/{revision}/';
    // Same-origin runtime files instead of the library's CDN default: works offline and under our CSP.
    tf.env.useWasmCache = false;
    if (tf.env.backends.onnx.wasm) tf.env.backends.onnx.wasm.wasmPaths = { ...ORT_WASM_PATHS };
    const progress_callback = (info: TransformersProgress) => {
      const mapped = fromTransformersProgress(info);
      if (mapped && onProgress) onProgress(mapped);
    };
    const dtype = ref.dtype ?? 'q4';
    // A model the server lacks is named as such, before transformers.js fails on its first missing file.
    await checkServerHasModel(ref, dtype);
    try {
      this.tokenizer = await tf.AutoTokenizer.from_pretrained(ref.id, { progress_callback });
      this.model = await tf.AutoModelForCausalLM.from_pretrained(ref.id, {
        device: this.kind === 'onnx-webgpu' ? 'webgpu' : 'wasm',
        dtype: dtype as 'q4',
        progress_callback,
      });
    } catch (error) {
      this.tokenizer = null;
      throw describeLoadError(error, ref);
    }
    this.tf = tf;
    onProgress?.({ phase: 'ready', fraction: 1, text: 'Model ready' });
  }

  async generate(
    messages: ChatMessage[],
    optionsInput: GenerateOptionsInput,
    onDelta?: (delta: string) => void,
  ): Promise<GenerationResult> {
    const { tf, tokenizer, model } = this;
    if (!tf || !tokenizer || !model) throw new CodedError('MODEL_NOT_LOADED', 'Load a model before chatting.', { recoverable: true });
    // The one loop the server runs too (core/src/llm/transformers-generate.ts): same counts, seed, filter, options.
    return transformersGenerate({
      tf: tf as unknown as TransformersRuntime,
      tokenizer,
      model,
      messages,
      options: generateOptionsSchema.parse(optionsInput),
      onDelta,
      onInterrupt: (interrupt, running) => {
        this.interrupt = running ? interrupt : null;
      },
    });
  }

  countTokens(texts: readonly string[]): number[] {
    const tokenizer = this.tokenizer;
    if (!tokenizer) return [];
    // Without special tokens: the chat template's own tokens are the prompt builder's per-message overhead.
    return texts.map((text) => tokenizer.encode(text, { add_special_tokens: false }).length);
  }

  cancel(): void {
    this.interrupt?.interrupt();
  }

  async unload(): Promise<void> {
    await this.model?.dispose();
    this.model = null;
    this.tokenizer = null;
  }
}
