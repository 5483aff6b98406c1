// Builds the inference stack (model registry, pool, local and remote providers, chat service) from configuration.
import type { Catalog } from '../../../core/src/schemas/models.ts';
import type { InferenceConfig, RemoteProviderSettings } from './config.ts';
import { GenerationPool } from './generation-pool.ts';
import { LocalModelIndex } from './local-models.ts';
import { ModelRegistry } from './model-registry.ts';
import type { OnnxNodeEngineOptions } from './onnx-node-engine.ts';
import { AnthropicProvider } from './providers/anthropic.ts';
import { LocalProvider } from './providers/local.ts';
import { OpenAiCompatibleProvider } from './providers/openai-compatible.ts';
import type { ChatProvider } from './providers/types.ts';
import { InferenceService, type ChatContextProvider } from './service.ts';
import type { UserSettingsStore } from './user-settings.ts';

export { loadInferenceConfig, type InferenceConfig } from './config.ts';
export { InferenceService, passThroughContext, type ChatContextProvider } from './service.ts';
export { createUserSettingsStore, memoryUserSettings } from './user-settings.ts';
export { GenerationPool } from './generation-pool.ts';
export { ModelRegistry } from './model-registry.ts';

export interface InferenceDeps {
  config: InferenceConfig;
  catalog: Catalog;
  modelsDir: string;
  settings: UserSettingsStore;
  context?: ChatContextProvider;
  /** Observers and test hooks for the local engine. */
  engine?: Pick<OnnxNodeEngineOptions, 'onFinished' | 'ignoreEos'>;
  fetch?: typeof fetch;
}

export function remoteProvider(p: RemoteProviderSettings, fetchImpl?: typeof fetch): ChatProvider {
  const config = { name: p.name, baseUrl: p.baseUrl, apiKey: p.apiKey, models: p.models, ...(fetchImpl ? { fetch: fetchImpl } : {}) };
  return p.type === 'anthropic' ? new AnthropicProvider(config) : new OpenAiCompatibleProvider(config);
}

export interface Inference {
  service: InferenceService;
  registry: ModelRegistry;
  pool: GenerationPool;
  /** Frees loaded models (on shutdown). */
  close(): Promise<void>;
}

export function createInference(deps: InferenceDeps): Inference {
  const registry = new ModelRegistry(deps.config.maxLoadedModels);
  const pool = new GenerationPool({ concurrency: deps.config.concurrency, maxQueue: deps.config.maxQueue });
  const index = new LocalModelIndex(deps.catalog, deps.modelsDir);
  const local = new LocalProvider({ index, registry, pool, ...(deps.engine ? { engine: deps.engine } : {}) });
  const service = new InferenceService({
    local,
    index,
    remote: deps.config.providers.map((p) => remoteProvider(p, deps.fetch)),
    settings: deps.settings,
    defaultModel: deps.config.defaultModel,
    ...(deps.context ? { context: deps.context } : {}),
  });
  return { service, registry, pool, close: () => registry.disposeAll() };
}
