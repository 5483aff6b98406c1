// WebLLM (MLC) models on WebGPU inside the LLM worker: the fastest in-browser engine where fp16 shaders exist.
// Not exercised by tests here: WebLLM's model libraries and weights cannot be downloaded in this build
// environment, and SwiftShader lacks shader-f16. The adapter is typed against the real library.
import type { AppConfig, MLCEngine } from '@mlc-ai/web-llm';
import { CodedError } from '@companion/core/errors';
import {
  GenerationClock,
  generateOptionsSchema,
  type ChatMessage,
  type GenerateOptionsInput,
  type GenerationResult,
  type LlmEngine,
  type LoadProgress,
  type ModelRef,
  mirroredWebllmRecord,
  webllmLibPath,
  webllmRepo,
} from '@companion/core/llm';
import { fromWebLlmProgress } from './progress';
import { checkServerHasFiles } from './model-check';

export class WebLlmEngine implements LlmEngine {
  readonly kind = 'webllm' as const;
  private engine: MLCEngine | null = null;
  private cancelled = false;

  constructor(private readonly cacheBackend: AppConfig['cacheBackend'] = 'cache') {}

  async load(ref: ModelRef, onProgress?: (progress: LoadProgress) => void): Promise<void> {
    const webllm = await import('@mlc-ai/web-llm');
    const known = webllm.prebuiltAppConfig.model_list.find((record) => record.model_id === ref.id);
    if (!known) throw new CodedError('MODEL_NOT_FOUND', `WebLLM has no prebuilt model "${ref.id}".`);
    // A self-hosted mirror serves the weights and the compiled library (pulled beside them): nothing from GitHub.
    const record = ref.host ? mirroredWebllmRecord(known, ref.host) : known;
    if (ref.host) {
      const lib = webllmLibPath(known.model_lib);
      await checkServerHasFiles(ref, webllmRepo(known.model), ['mlc-chat-config.json', 'ndarray-cache.json', lib], 'pull it again to fetch them');
    }
    try {
      this.engine = await webllm.CreateMLCEngine(ref.id, {
        appConfig: { model_list: [record], cacheBackend: this.cacheBackend },
        initProgressCallback: (report) => onProgress?.(fromWebLlmProgress(report)),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // "Device lost" is what running out of GPU memory looks like to users; say so.
      const deviceLost = /device (was )?lost|out of memory/i.test(message);
      throw new CodedError(deviceLost ? 'GPU_OUT_OF_MEMORY' : 'MODEL_LOAD_FAILED', message, {
        recoverable: !deviceLost,
        cause: error,
      });
    }
  }

  async generate(
    messages: ChatMessage[],
    optionsInput: GenerateOptionsInput,
    onDelta?: (delta: string) => void,
  ): Promise<GenerationResult> {
    if (!this.engine) throw new CodedError('MODEL_NOT_LOADED', 'Load a model before chatting.', { recoverable: true });
    const options = generateOptionsSchema.parse(optionsInput);
    this.cancelled = false;
    const clock = new GenerationClock();
    const chunks = await this.engine.chat.completions.create({
      messages,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: options.maxTokens,
      temperature: options.temperature,
      top_p: options.topP,
      // WebLLM has no top-k; its repetition penalty is the same knob as transformers.js's.
      repetition_penalty: options.repetitionPenalty,
      seed: options.seed,
      stop: options.stop.length > 0 ? options.stop : null,
    });
    let text = '';
    let finish: string | null = null;
    let usage = { promptTokens: 0, completionTokens: 0 };
    for await (const chunk of chunks) {
      const choice = chunk.choices[0];
      const delta = choice?.delta?.content ?? '';
      if (delta) {
        clock.token();
        text += delta;
        onDelta?.(delta);
      }
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.usage)
        usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
    }
    return {
      text,
      finishReason: this.cancelled || finish === 'abort' ? 'cancelled' : finish === 'length' ? 'length' : 'stop',
      usage,
      timings: clock.finish(),
    };
  }

  cancel(): void {
    this.cancelled = true;
    void this.engine?.interruptGenerate();
  }

  async unload(): Promise<void> {
    await this.engine?.unload();
    this.engine = null;
  }
}
