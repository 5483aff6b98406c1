// Provider for Anthropic's Messages API (streaming), or anything that speaks its wire format.
import { DEFAULT_TOP_K, GenerationClock, readRawStreamEvents, type ChatMessage, type GenerationResult } from '@companion/core/llm';
import { ReplyFilter } from '@companion/core/llm';
import { cancelled } from './openai-compatible.ts';
import { RemoteProvider } from './remote-provider.ts';
import type { ChatProvider, ProviderCallbacks, ProviderChatRequest } from './types.ts';
import { isAbort, upstreamHttpError, upstreamProtocolError, upstreamUnreachable } from './upstream-errors.ts';

export const ANTHROPIC_VERSION = '2023-06-01';

interface AnthropicEvent {
  type?: string;
  message?: { usage?: { input_tokens?: number; output_tokens?: number } };
  delta?: { type?: string; text?: string; stop_reason?: string | null };
  usage?: { output_tokens?: number };
  error?: { type?: string; message?: string };
}

/** System messages become the `system` field; turns of the same role are joined, as the API wants alternation. */
export function toAnthropicMessages(messages: ChatMessage[]): { system: string | undefined; messages: Array<{ role: 'user' | 'assistant'; content: string }> } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const turns: Array<{ role: 'user' | 'assistant'; content: string }> = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    const last = turns.at(-1);
    if (last && last.role === m.role) last.content += `\n\n${m.content}`;
    else turns.push({ role: m.role, content: m.content });
  }
  // The API requires the conversation to open with the user.
  if (turns[0]?.role !== 'user') turns.unshift({ role: 'user', content: '(continue)' });
  return { system: system === '' ? undefined : system, messages: turns };
}

export class AnthropicProvider extends RemoteProvider implements ChatProvider {
  readonly kind = 'anthropic' as const;
  protected headers(): Record<string, string> {
    return {
      'content-type': 'application/json',
      'anthropic-version': ANTHROPIC_VERSION,
      ...(this.config.apiKey ? { 'x-api-key': this.config.apiKey } : {}),
    };
  }

  async generate(request: ProviderChatRequest, { signal, onDelta }: ProviderCallbacks): Promise<GenerationResult> {
    const { options } = request;
    const clock = new GenerationClock();
    const filter = new ReplyFilter(options.stop);
    const emit = (text: string) => {
      if (text && onDelta) onDelta(text);
    };
    const { system, messages } = toAnthropicMessages(request.messages);
    const body = {
      model: request.model,
      max_tokens: options.maxTokens,
      messages,
      stream: true,
      ...(system ? { system } : {}),
      temperature: Math.min(1, options.temperature), // Anthropic's range is 0..1
      ...(options.topP < 1 ? { top_p: options.topP } : {}),
      // Anthropic has top_k but no repetition penalty; top_k only when moved off the local default.
      ...(options.topK !== DEFAULT_TOP_K && options.topK > 0 ? { top_k: options.topK } : {}),
      ...(options.stop.length > 0 ? { stop_sequences: options.stop } : {}),
    };
    let response: Response;
    try {
      response = await this.fetch(this.url('/v1/messages'), {
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
    let promptTokens = 0;
    let completionTokens: number | undefined;
    let stopReason: string | null | undefined;
    try {
      for await (const message of readRawStreamEvents(response.body)) {
        let event: AnthropicEvent;
        try {
          event = JSON.parse(message.data) as AnthropicEvent;
        } catch {
          throw upstreamProtocolError(this.name, 'an event that is not JSON');
        }
        const type = event.type ?? message.type;
        if (type === 'message_start') promptTokens = event.message?.usage?.input_tokens ?? 0;
        else if (type === 'content_block_delta' && event.delta?.type === 'text_delta' && event.delta.text) {
          clock.token();
          emit(filter.push(event.delta.text));
        } else if (type === 'message_delta') {
          stopReason = event.delta?.stop_reason ?? stopReason;
          completionTokens = event.usage?.output_tokens ?? completionTokens;
        } else if (type === 'error') throw upstreamProtocolError(this.name, event.error?.type ?? 'an error event');
        else if (type === 'message_stop') break;
        if (filter.stopped) break;
      }
    } catch (error) {
      if (signal?.aborted || isAbort(error)) return cancelled(clock, filter.text);
      throw error;
    } finally {
      await response.body.cancel().catch(() => undefined);
    }
    emit(filter.flush());
    return {
      text: filter.text,
      finishReason: stopReason === 'max_tokens' && !filter.stopped ? 'length' : 'stop',
      usage: { promptTokens, completionTokens: completionTokens ?? clock.completionTokens },
      timings: clock.finish(),
    };
  }

  async status() {
    try {
      const res = await this.fetch(this.url('/v1/models'), { headers: this.headers(), signal: AbortSignal.timeout(3000) });
      await res.body?.cancel().catch(() => undefined);
      return res.ok ? { state: 'ready' as const } : { state: 'error' as const, detail: `HTTP ${res.status}` };
    } catch {
      return { state: 'unavailable' as const, detail: 'not reachable' };
    }
  }
}
