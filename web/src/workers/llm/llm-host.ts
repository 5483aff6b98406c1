// The object the LLM worker exposes over comlink: owns one engine at a time and forwards calls to it.
import { CodedError } from '@companion/core/errors';
import type {
  ChatMessage,
  GenerateOptionsInput,
  GenerationResult,
  LlmEngine,
  LlmEngineKind,
  LoadProgress,
  ModelRef,
} from '@companion/core/llm';

export type EngineFactory = (kind: LlmEngineKind) => LlmEngine;

export class LlmHost {
  private engine: LlmEngine | null = null;
  private generating = false;

  constructor(private readonly createEngine: EngineFactory) {}

  async load(kind: LlmEngineKind, model: ModelRef, onProgress?: (progress: LoadProgress) => void): Promise<void> {
    if (this.generating)
      throw new CodedError('BUSY', 'Wait for the current reply to finish, or cancel it.', { recoverable: true });
    await this.engine?.unload();
    this.engine = null;
    const engine = this.createEngine(kind);
    await engine.load(model, onProgress);
    this.engine = engine;
  }

  async generate(
    messages: ChatMessage[],
    options: GenerateOptionsInput,
    onDelta?: (delta: string) => void,
  ): Promise<GenerationResult> {
    if (!this.engine) throw new CodedError('MODEL_NOT_LOADED', 'Load a model before chatting.', { recoverable: true });
    if (this.generating) throw new CodedError('BUSY', 'A reply is already being written.', { recoverable: true });
    this.generating = true;
    // Over comlink each onDelta call travels on its own MessagePort and could arrive after the answer to
    // generate(): the page would see the reply end before its last words (and speak it cut short). Answer only
    // once the page has taken every delta; a page that went away is no error here.
    const delivered: Promise<unknown>[] = [];
    const forward = onDelta
      ? (delta: string) => void delivered.push(Promise.resolve(onDelta(delta)).catch(() => undefined))
      : undefined;
    try {
      const result = await this.engine.generate(messages, options, forward);
      await Promise.all(delivered);
      return result;
    } finally {
      this.generating = false;
    }
  }

  cancel(): void {
    this.engine?.cancel();
  }

  async unload(): Promise<void> {
    await this.engine?.unload();
    this.engine = null;
  }

  /** The loaded model's token counts for prompt budgeting; null when the engine cannot count (the page estimates). */
  countTokens(texts: readonly string[]): number[] | null {
    const counts = this.engine?.countTokens?.(texts);
    return counts && counts.length === texts.length ? counts : null;
  }

  engineKind(): LlmEngineKind | null {
    return this.engine?.kind ?? null;
  }
}
