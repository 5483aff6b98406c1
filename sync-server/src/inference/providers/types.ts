// What every chat provider (the local engine, OpenAI-compatible servers, Anthropic) offers the chat routes.
import type { ChatMessage, GenerateOptions, GenerationResult } from '@companion/core/llm';
import type { ProviderState } from '../../routes/health/index.ts';

export interface ProviderChatRequest {
  /** The provider's own model name (`llama3.2`, `claude-3-5-haiku-latest`, a catalog id for local). */
  model: string;
  messages: ChatMessage[];
  options: GenerateOptions;
}

export interface ProviderCallbacks {
  /** Fires when the client goes away; the provider stops generating (and stops paying upstream). */
  signal?: AbortSignal | undefined;
  onDelta?: ((delta: string) => void) | undefined;
}

export type ProviderKind = 'local' | 'openai' | 'anthropic';

export interface ChatProvider {
  /** Unique; the prefix of its model ids (`<name>/<model>`), except the local engine whose ids are catalog ids. */
  readonly name: string;
  readonly kind: ProviderKind;
  /** Models it serves, as configured (remote) or downloaded (local). */
  models(): Promise<string[]>;
  generate(request: ProviderChatRequest, callbacks: ProviderCallbacks): Promise<GenerationResult>;
  status(): Promise<{ state: ProviderState; detail?: string }>;
}
