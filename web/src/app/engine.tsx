// The loaded chat model, shared by every screen: it stays loaded while the user moves between chats and screens.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { CodedError } from '@companion/core/errors';
import type {
  ChatMessage,
  GenerateOptionsInput,
  GenerationResult,
  LlmEngineKind,
  LoadProgress,
  ModelRef,
} from '@companion/core/llm';
import type { LlmClient } from '../workers/llm/llm-client';
import { account } from '../features/account/account';
import { prepareStorageFor } from '../features/models/storage-check';
import { userMessage, type UserFacingError } from '../ui/user-error';

export type EngineStatus = 'idle' | 'loading' | 'ready' | 'generating';

export interface LoadedModel {
  engine: LlmEngineKind;
  model: ModelRef;
  downloadBytes: number | null;
}

export interface EngineState {
  status: EngineStatus;
  progress: LoadProgress | null;
  loaded: LoadedModel | null;
  error: UserFacingError | null;
}

export interface Engine extends EngineState {
  load(choice: LoadedModel): Promise<boolean>;
  /** Resolves after every delta reached `onDelta`; a cancelled reply resolves with what was written. */
  generate(
    messages: ChatMessage[],
    options: GenerateOptionsInput,
    onDelta?: (delta: string) => void,
  ): Promise<GenerationResult>;
  cancel(): void;
  clearError(): void;
  /** Token counts from the loaded model's own tokenizer, or null (no model, or an engine that cannot count). */
  countTokens(texts: readonly string[]): Promise<number[] | null>;
}

const EngineContext = createContext<Engine | null>(null);

export function useEngine(): Engine {
  const engine = useContext(EngineContext);
  if (!engine) throw new Error('useEngine outside EngineProvider');
  return engine;
}

/** A label for the model that wrote a reply, kept with the message. */
export const modelLabel = (loaded: LoadedModel | null): string | undefined =>
  loaded ? `${loaded.engine}:${loaded.model.id}${loaded.model.dtype ? `@${loaded.model.dtype}` : ''}` : undefined;

export function EngineProvider({
  children,
  onLoaded,
}: {
  children: ReactNode;
  onLoaded?: (model: LoadedModel) => void;
}) {
  const clientRef = useRef<LlmClient | null>(null);
  const [state, setState] = useState<EngineState>({ status: 'idle', progress: null, loaded: null, error: null });
  const onLoadedRef = useRef(onLoaded);
  onLoadedRef.current = onLoaded;

  const client = useCallback(async () => {
    // The worker (and everything it imports) loads on first use, not with the page.
    if (!clientRef.current) {
      const { LlmClient } = await import('../workers/llm/llm-client');
      clientRef.current = new LlmClient();
      // "My server" sends the signed-in user's token; refreshed by the page, asked for per request.
      await clientRef.current.setAccessTokenSource(() => account().accessToken());
    }
    return clientRef.current;
  }, []);

  useEffect(() => () => clientRef.current?.dispose(), []);

  const load = useCallback(
    async (choice: LoadedModel) => {
      setState((s) => ({ ...s, status: 'loading', progress: null, error: null }));
      try {
        if (choice.engine !== 'remote') {
          // Check before downloading: a quota error at 95% of a long download is the worst way to find out.
          const verdict = await prepareStorageFor(choice.downloadBytes, navigator.storage);
          if (!verdict.ok)
            throw new CodedError('INSUFFICIENT_STORAGE', verdict.message ?? 'Not enough storage.', {
              recoverable: false,
            });
        }
        await (await client()).load(choice.engine, choice.model, (progress) => setState((s) => ({ ...s, progress })));
        setState({
          status: 'ready',
          loaded: choice,
          error: null,
          progress: { phase: 'ready', fraction: 1, text: `${choice.model.id} is ready` },
        });
        onLoadedRef.current?.(choice);
        return true;
      } catch (error) {
        setState((s) => ({ ...s, status: s.loaded ? 'ready' : 'idle', progress: null, error: userMessage(error) }));
        return false;
      }
    },
    [client],
  );

  const generate = useCallback(
    async (messages: ChatMessage[], options: GenerateOptionsInput, onDelta?: (delta: string) => void) => {
      setState((s) => ({ ...s, status: 'generating', error: null }));
      try {
        return await (await client()).generate(messages, options, onDelta);
      } catch (error) {
        setState((s) => ({ ...s, error: userMessage(error) }));
        throw error;
      } finally {
        setState((s) => ({ ...s, status: s.loaded ? 'ready' : 'idle' }));
      }
    },
    [client],
  );

  const cancel = useCallback(() => void clientRef.current?.cancel(), []);
  const countTokens = useCallback(
    async (texts: readonly string[]) =>
      clientRef.current ? clientRef.current.countTokens(texts).catch(() => null) : null,
    [],
  );
  const clearError = useCallback(() => setState((s) => ({ ...s, error: null })), []);
  const value = useMemo<Engine>(
    () => ({ ...state, load, generate, cancel, clearError, countTokens }),
    [state, load, generate, cancel, clearError, countTokens],
  );
  return <EngineContext.Provider value={value}>{children}</EngineContext.Provider>;
}
