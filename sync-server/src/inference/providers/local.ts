// The local engine as a provider: downloaded catalog models run by OnnxNodeEngine, bounded by the generation pool.
import { CodedError } from '@companion/core/errors';
import type { GenerationResult } from '@companion/core/llm';
import type { GenerationPool, Release } from '../generation-pool.ts';
import type { LocalModelIndex } from '../local-models.ts';
import type { ModelRegistry } from '../model-registry.ts';
import { OnnxNodeEngine, type OnnxNodeEngineOptions } from '../onnx-node-engine.ts';
import type { ChatProvider, ProviderCallbacks, ProviderChatRequest } from './types.ts';

export interface LocalProviderDeps {
  index: LocalModelIndex;
  registry: ModelRegistry;
  pool: GenerationPool;
  /** Extra engine options (observers, test hooks). */
  engine?: Pick<OnnxNodeEngineOptions, 'onFinished' | 'ignoreEos'>;
}

export class LocalProvider implements ChatProvider {
  readonly name = 'local';
  readonly kind = 'local' as const;

  constructor(private readonly deps: LocalProviderDeps) {}

  models(): Promise<string[]> {
    return this.deps.index.downloadedIds();
  }

  /** Takes a pool slot before any response header is sent, so "busy" can still be a 503. */
  reserve(signal?: AbortSignal): Promise<Release> {
    return this.deps.pool.acquire(signal);
  }

  async generate(request: ProviderChatRequest, { signal, onDelta }: ProviderCallbacks): Promise<GenerationResult> {
    const local = await this.deps.index.find(request.model);
    if (!local) throw new CodedError('MODEL_NOT_DOWNLOADED', `Model "${request.model}" is not downloaded on this server.`);
    const engine = new OnnxNodeEngine({
      ...this.deps.engine,
      registry: this.deps.registry,
      resolve: () => ({ dir: local.dir, dtype: local.quant }),
    });
    await engine.load({ id: local.id, dtype: local.quant });
    try {
      return await engine.generate(request.messages, request.options, onDelta, signal);
    } finally {
      await engine.unload();
    }
  }

  async status() {
    const ids = await this.deps.index.downloadedIds();
    const { running, queued } = this.deps.pool.stats;
    return ids.length > 0
      ? { state: 'ready' as const, detail: `${ids.length} model(s) downloaded; ${running} generating, ${queued} queued` }
      : { state: 'unavailable' as const, detail: 'No ONNX model is downloaded (npm run models -- pull <id>).' };
  }
}
