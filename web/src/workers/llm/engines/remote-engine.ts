// Chat through the user's own server (POST /api/chat/stream) for devices that cannot run a model locally.
import { CodedError, errorFromResponse } from '@companion/core/errors';
import {
  readStreamEvents,
  type ChatMessage,
  type GenerateOptionsInput,
  type GenerationResult,
  type LlmEngine,
  type LoadProgress,
  type ModelRef,
} from '@companion/core/llm';

export interface RemoteEngineConfig {
  baseUrl: string;
  /** Returns a current access token; called per request so refreshed tokens are picked up. */
  getAccessToken: () => string | null | Promise<string | null>;
  fetch?: typeof fetch;
}

export class RemoteEngine implements LlmEngine {
  readonly kind = 'remote' as const;
  private controller: AbortController | null = null;
  private model: ModelRef | null = null;

  constructor(private readonly config: RemoteEngineConfig) {}

  async load(ref: ModelRef, onProgress?: (progress: LoadProgress) => void): Promise<void> {
    // The server owns the weights; loading here only records which model to ask for.
    this.model = ref;
    onProgress?.({ phase: 'ready', fraction: 1, text: `Using ${ref.id} on your server` });
  }

  async generate(
    messages: ChatMessage[],
    options: GenerateOptionsInput,
    onDelta?: (delta: string) => void,
  ): Promise<GenerationResult> {
    const controller = new AbortController();
    this.controller = controller;
    const token = await this.config.getAccessToken();
    const doFetch = this.config.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(new URL('/api/chat/stream', this.config.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ messages, model: this.model?.id, options }),
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) return cancelledResult();
      throw new CodedError('SERVER_UNREACHABLE', 'Your server could not be reached.', {
        recoverable: true,
        cause: error,
      });
    }
    if (!response.ok || !response.body) throw await errorFromResponse(response);
    let text = '';
    try {
      for await (const event of readStreamEvents(response.body)) {
        if (event.type === 'token') {
          text += event.data.delta;
          onDelta?.(event.data.delta);
        } else if (event.type === 'error') {
          throw new CodedError(event.data.code, event.data.message, { recoverable: event.data.recoverable });
        } else if (event.type === 'done') {
          return { text, ...event.data };
        }
      }
    } catch (error) {
      if (controller.signal.aborted) return { ...cancelledResult(), text };
      throw error;
    } finally {
      this.controller = null;
    }
    if (controller.signal.aborted) return { ...cancelledResult(), text };
    throw new CodedError('STREAM_ENDED_EARLY', 'The server closed the reply before it was complete.', {
      recoverable: true,
    });
  }

  cancel(): void {
    this.controller?.abort();
  }

  async unload(): Promise<void> {
    this.cancel();
    this.model = null;
  }
}

function cancelledResult(): GenerationResult {
  return {
    text: '',
    finishReason: 'cancelled',
    usage: { promptTokens: 0, completionTokens: 0 },
    timings: { timeToFirstTokenMs: 0, totalMs: 0, decodeTokensPerSecond: 0 },
  };
}
