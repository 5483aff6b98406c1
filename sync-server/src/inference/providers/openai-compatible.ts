// Provider for any OpenAI-compatible server (OpenAI, Ollama, LM Studio, llama.cpp, another Companion server).
import { DEFAULT_TOP_K, GenerationClock, readRawStreamEvents, type GenerationResult } from '@companion/core/llm';
import { ReplyFilter } from '@companion/core/llm';
import { RemoteProvider } from './remote-provider.ts';
import type { ChatProvider, ProviderCallbacks, ProviderChatRequest } from './types.ts';
import { isAbort, upstreamHttpError, upstreamProtocolError, upstreamUnreachable } from './upstream-errors.ts';

export type { RemoteProviderConfig } from './remote-provider.ts';

interface CompletionChunk {
  choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string };
}

export class OpenAiCompatibleProvider extends RemoteProvider implements ChatProvider {
  readonly kind = 'openai' as const;
  protected headers(): Record<string, string> {
    return {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {}),
    };
  }

  async generate(request: ProviderChatRequest, { signal, onDelta }: ProviderCallbacks): Promise<GenerationResult> {
    const { options } = request;
    const clock = new GenerationClock();
    const filter = new ReplyFilter(options.stop);
    const emit = (text: string) => {
      if (text && onDelta) onDelta(text);
    };
    const body = {
      model: request.model,
      messages: request.messages,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: options.maxTokens,
      temperature: options.temperature,
      top_p: options.topP,
      // Extensions most local servers take and OpenAI refuses: sent only when the caller moved them off their defaults.
      ...(options.topK !== DEFAULT_TOP_K && options.topK > 0 ? { top_k: options.topK } : {}),
      ...(options.repetitionPenalty !== 1 ? { repetition_penalty: options.repetitionPenalty } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.stop.length > 0 ? { stop: options.stop } : {}),
    };
    let response: Response;
    try {
      response = await this.fetch(this.url('/chat/completions'), {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify(body),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) return cancelled(clock, filter.text);
      throw upstreamUnreachable(this.name, error);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw upstreamHttpError(this.name, response.status);
    }
    let usage: { promptTokens: number; completionTokens: number } | undefined;
    let finish: string | null | undefined;
    try {
      for await (const message of readRawStreamEvents(response.body)) {
        if (message.data === '[DONE]') break;
        let chunk: CompletionChunk;
        try {
          chunk = JSON.parse(message.data) as CompletionChunk;
        } catch {
          throw upstreamProtocolError(this.name, 'a stream chunk that is not JSON');
        }
        if (chunk.error) throw upstreamProtocolError(this.name, 'an error in the stream');
        const choice = chunk.choices?.[0];
        const content = choice?.delta?.content;
        if (typeof content === 'string' && content !== '') {
          clock.token();
          emit(filter.push(content));
        }
        if (choice?.finish_reason) finish = choice.finish_reason;
        if (chunk.usage) {
          usage = { promptTokens: chunk.usage.prompt_tokens ?? 0, completionTokens: chunk.usage.completion_tokens ?? 0 };
        }
        if (filter.stopped) break;
      }
    } catch (error) {
      if (signal?.aborted || isAbort(error)) return cancelled(clock, filter.text);
      throw error;
    } finally {
      // Leaving early (a stop string, a cancel) closes the upstream request, so the upstream stops too.
      await response.body.cancel().catch(() => undefined);
    }
    emit(filter.flush());
    return {
      text: filter.text,
      finishReason: finish === 'length' && !filter.stopped ? 'length' : 'stop',
      usage: usage ?? { promptTokens: 0, completionTokens: clock.completionTokens },
      timings: clock.finish(),
    };
  }

  async status() {
    try {
      const res = await this.fetch(this.url('/models'), { headers: this.headers(), signal: AbortSignal.timeout(3000) });
      await res.body?.cancel().catch(() => undefined);
      return res.ok ? { state: 'ready' as const } : { state: 'error' as const, detail: `HTTP ${res.status}` };
    } catch {
      return { state: 'unavailable' as const, detail: 'not reachable' };
    }
  }
}

export function cancelled(clock: GenerationClock, text: string): GenerationResult {
  return {
    text,
    finishReason: 'cancelled',
    usage: { promptTokens: 0, completionTokens: clock.completionTokens },
    timings: clock.finish(),
  };
}
