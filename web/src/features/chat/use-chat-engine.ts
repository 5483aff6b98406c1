// React state around the LLM worker: load with progress, stream a reply, stop it, and surface coded errors.
import { useCallback, useEffect, useRef, useState } from 'react';
import { CodedError } from '@companion/core/errors';
import type { ChatMessage, GenerationTimings, LlmEngineKind, LoadProgress, ModelRef } from '@companion/core/llm';
import type { LlmClient } from '../../workers/llm/llm-client';
import { account } from '../account/account';
import { prepareStorageFor } from '../models/storage-check';

export type EngineStatus = 'idle' | 'loading' | 'ready' | 'generating';

export interface ChatEngineState {
  status: EngineStatus;
  progress: LoadProgress | null;
  messages: ChatMessage[];
  /** The reply being written, shown live. */
  draft: string;
  lastTimings: GenerationTimings | null;
  error: { code: string; message: string } | null;
}

const initial: ChatEngineState = { status: 'idle', progress: null, messages: [], draft: '', lastTimings: null, error: null };

function toError(error: unknown): { code: string; message: string } {
  const coded = error as Partial<CodedError>;
  return { code: coded.code ?? 'INTERNAL', message: coded.message ?? String(error) };
}

export interface ReplyHooks {
  onStart?(): void;
  onDelta?(delta: string): void;
  onEnd?(): void;
}

export function useChatEngine(hooks: ReplyHooks = {}) {
  const hooksRef = useRef(hooks);
  hooksRef.current = hooks;
  const clientRef = useRef<LlmClient | null>(null);
  const [state, setState] = useState<ChatEngineState>(initial);

  const client = useCallback(async () => {
    // The worker (and everything it imports) loads on first use, not with the page.
    if (!clientRef.current) {
      const { LlmClient } = await import('../../workers/llm/llm-client');
      clientRef.current = new LlmClient();
      // "My server" sends the signed-in user's token; refreshed by the page, asked for per request.
      await clientRef.current.setAccessTokenSource(() => account().accessToken());
    }
    return clientRef.current;
  }, []);

  useEffect(() => () => clientRef.current?.dispose(), []);

  const load = useCallback(
    async (kind: LlmEngineKind, model: ModelRef, downloadBytes: number | null = null) => {
      setState((s) => ({ ...s, status: 'loading', progress: null, error: null }));
      try {
        if (kind !== 'remote') {
          // Check before downloading: a quota error at 95% of a long download is the worst way to find out.
          const verdict = await prepareStorageFor(downloadBytes, navigator.storage);
          if (!verdict.ok) throw new CodedError('INSUFFICIENT_STORAGE', verdict.message ?? 'Not enough storage.', { recoverable: false });
        }
        await (await client()).load(kind, model, (progress) => setState((s) => ({ ...s, progress })));
        setState((s) => ({ ...s, status: 'ready', progress: { phase: 'ready', fraction: 1, text: `${model.id} is ready` } }));
      } catch (error) {
        setState((s) => ({ ...s, status: 'idle', error: toError(error) }));
      }
    },
    [client],
  );

  const send = useCallback(
    async (text: string) => {
      const userMessage: ChatMessage = { role: 'user', content: text };
      const history = [...state.messages, userMessage];
      setState((s) => ({ ...s, status: 'generating', messages: history, draft: '', error: null }));
      hooksRef.current.onStart?.();
      try {
        const result = await (await client()).generate(history, { temperature: 0 }, (delta) => {
          hooksRef.current.onDelta?.(delta);
          setState((s) => (s.status === 'generating' ? { ...s, draft: s.draft + delta } : s));
        });
        hooksRef.current.onEnd?.();
        setState((s) => ({
          ...s,
          status: 'ready',
          draft: '',
          messages: result.text ? [...history, { role: 'assistant', content: result.text }] : history,
          lastTimings: result.timings,
        }));
      } catch (error) {
        setState((s) => ({ ...s, status: 'ready', draft: '', error: toError(error) }));
      }
    },
    [client, state.messages],
  );

  const stop = useCallback(() => void clientRef.current?.cancel(), []);

  return { state, load, send, stop };
}
