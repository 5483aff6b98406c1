// Chat for the routes: picks the provider by the user's active model, assembles the prompt, bounds local work.
import { CodedError } from '@companion/core/errors';
import {
  generateOptionsSchema,
  type ChatMessage,
  type ChatRequest,
  type GenerationResult,
  type ServerModelInfo,
} from '@companion/core/llm';
import type { AuthUser } from '../auth-module.ts';
import { AppError } from '../errors.ts';
import type { ProviderProbe } from '../routes/health/index.ts';
import type { Release } from './generation-pool.ts';
import type { LocalModelIndex } from './local-models.ts';
import type { LocalProvider } from './providers/local.ts';
import type { ChatProvider } from './providers/types.ts';
import type { UserSettingsStore } from './user-settings.ts';

/**
 * Where the Characters issue plugs in prompt assembly: given the user and the request's messages, returns the
 * messages to send (system prompt, character card, lore, trimmed history). The default passes them through.
 */
export interface ChatContextProvider {
  assemble(input: { user: AuthUser; messages: ChatMessage[] }): Promise<ChatMessage[]>;
}
export const passThroughContext: ChatContextProvider = { assemble: async ({ messages }) => messages };

/** The shape GET /api/models answers with, shared with the web client through core. */
export type ModelInfo = ServerModelInfo;

export interface ChatJob {
  model: string;
  /** Runs the generation and frees the pool slot when done. Call once. */
  run(onDelta?: (delta: string) => void): Promise<GenerationResult>;
  /** Frees the slot without running (the client left before the start). */
  release(): void;
}

export interface InferenceServiceDeps {
  local: LocalProvider;
  index: LocalModelIndex;
  remote: readonly ChatProvider[];
  settings: UserSettingsStore;
  context?: ChatContextProvider;
  defaultModel?: string | undefined;
}

export class InferenceService {
  private readonly context: ChatContextProvider;

  constructor(private readonly deps: InferenceServiceDeps) {
    this.context = deps.context ?? passThroughContext;
  }

  /** Probes for /health and GET /api/models/status. */
  probes(): ProviderProbe[] {
    return [this.deps.local, ...this.deps.remote].map((p) => ({
      name: p.name,
      capability: 'llm' as const,
      status: () => p.status(),
    }));
  }

  async listModels(userId: string): Promise<{ active: string | null; models: ModelInfo[] }> {
    const active = await this.activeModel(userId);
    const downloaded = new Set(await this.deps.index.downloadedIds());
    const models: ModelInfo[] = this.deps.index.catalog.map((e) => ({
      id: e.id,
      name: e.name,
      provider: 'local',
      runtime: e.runtime,
      downloaded: e.runtime === 'onnx' && downloaded.has(e.id),
      servable: e.runtime === 'onnx' && downloaded.has(e.id),
      active: e.id === active,
      licence: e.licence,
      ...(e.testModel ? { testModel: true } : {}),
    }));
    for (const p of this.deps.remote) {
      for (const m of await p.models()) {
        const id = `${p.name}/${m}`;
        models.push({
          id,
          name: m,
          provider: p.name,
          runtime: 'remote',
          downloaded: true,
          servable: true,
          active: id === active,
        });
      }
    }
    return { active, models };
  }

  /** The stored choice, else DEFAULT_MODEL, else the first model this server can run; null when there is none. */
  async activeModel(userId: string): Promise<string | null> {
    const stored = await this.deps.settings.activeModel(userId);
    if (stored && (await this.servable(stored))) return stored;
    if (this.deps.defaultModel && (await this.servable(this.deps.defaultModel))) return this.deps.defaultModel;
    const local = await this.deps.index.downloadedIds();
    if (local[0]) return local[0];
    const remote = this.deps.remote[0];
    const first = remote ? (await remote.models())[0] : undefined;
    return remote && first ? `${remote.name}/${first}` : null;
  }

  async switchModel(userId: string, model: string): Promise<{ model: string; provider: string }> {
    const target = await this.resolve(model);
    await this.deps.settings.setActiveModel(userId, model);
    return { model, provider: target.provider.name };
  }

  /**
   * Validates the model and takes a pool slot (503 SERVER_BUSY when full) before any header is sent.
   * `raw` skips the character context: OpenAI-compatible clients (SillyTavern and the like) send their own
   * complete prompt, and wrapping it in the active character's would send two characters to the model.
   */
  async begin(
    user: AuthUser,
    request: ChatRequest,
    signal?: AbortSignal,
    opts: { raw?: boolean } = {},
  ): Promise<ChatJob> {
    const model = request.model ?? (await this.activeModel(user.id));
    if (!model)
      throw new AppError(
        'NO_MODEL',
        409,
        'No model is available on this server: download one or configure a provider.',
      );
    const { provider, providerModel } = await this.resolve(model);
    const messages = opts.raw ? request.messages : await this.context.assemble({ user, messages: request.messages });
    const options = generateOptionsSchema.parse(request.options ?? {});
    const release: Release = provider === this.deps.local ? await this.deps.local.reserve(signal) : () => undefined;
    let used = false;
    return {
      model,
      release,
      run: async (onDelta) => {
        if (used) throw new Error('ChatJob.run called twice');
        used = true;
        try {
          return await provider.generate({ model: providerModel, messages, options }, { signal, onDelta });
        } catch (error) {
          throw toAppError(error);
        } finally {
          release();
        }
      },
    };
  }

  private async servable(model: string): Promise<boolean> {
    return this.resolve(model).then(
      () => true,
      () => false,
    );
  }

  private async resolve(model: string): Promise<{ provider: ChatProvider; providerModel: string }> {
    const entry = this.deps.index.entry(model);
    if (entry) {
      if (entry.runtime !== 'onnx') {
        throw new AppError(
          'MODEL_NOT_SERVABLE',
          409,
          `Model "${model}" runs in the browser (WebLLM) only; pick an ONNX model for the server.`,
        );
      }
      if (!(await this.deps.index.find(model))) {
        throw new AppError(
          'MODEL_NOT_DOWNLOADED',
          409,
          `Model "${model}" is not downloaded on this server (npm run models -- pull ${model}).`,
        );
      }
      return { provider: this.deps.local, providerModel: model };
    }
    const slash = model.indexOf('/');
    const provider = slash > 0 ? this.deps.remote.find((p) => p.name === model.slice(0, slash)) : undefined;
    const providerModel = model.slice(slash + 1);
    if (provider && (await provider.models()).includes(providerModel)) return { provider, providerModel };
    throw new AppError('MODEL_NOT_FOUND', 404, `No model "${model.slice(0, 200)}" on this server.`);
  }
}

const STATUS_BY_CODE: Record<string, 409 | 500 | 502 | 503> = {
  MODEL_NOT_DOWNLOADED: 409,
  MODEL_NOT_LOADED: 503,
  MODEL_LOAD_FAILED: 503,
  PROVIDER_ERROR: 502,
  PROVIDER_UNREACHABLE: 502,
  GENERATION_FAILED: 500,
};

/** Engine and provider failures as AppErrors with a status; their messages were written to be safe to show. */
export function toAppError(error: unknown): unknown {
  if (error instanceof AppError || !(error instanceof CodedError)) return error;
  const status = STATUS_BY_CODE[error.code] ?? 500;
  return new AppError(error.code, status, error.message);
}
