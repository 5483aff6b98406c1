// Exercises the real comlink boundary over a MessageChannel: coded errors, streaming, cancel, crash restart.
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CodedError } from '@companion/core/errors';
import type {
  ChatMessage,
  GenerateOptionsInput,
  GenerationResult,
  LlmEngine,
  LoadProgress,
  ModelRef,
} from '@companion/core/llm';
import { installCodedErrorTransfer } from '../comlink-errors';
import { LlmClient, type WorkerLike } from './llm-client';
import { LlmHost } from './llm-host';

const REPLY = ['Hello', ' there', '.', ' I', ' am', ' a', ' test', '.'];

/** A deterministic engine: yields to the event loop between tokens, like a real one between decode steps. */
class ScriptedEngine implements LlmEngine {
  readonly kind = 'onnx-wasm' as const;
  private cancelled = false;
  loads: ModelRef[] = [];
  constructor(private readonly failLoadWith?: CodedError) {}
  async load(model: ModelRef, onProgress?: (p: LoadProgress) => void) {
    if (this.failLoadWith) throw this.failLoadWith;
    this.loads.push(model);
    onProgress?.({ phase: 'download', fraction: 0.5, text: 'half' });
    onProgress?.({ phase: 'ready', fraction: 1, text: 'ready' });
  }
  async generate(
    _m: ChatMessage[],
    _o: GenerateOptionsInput,
    onDelta?: (d: string) => void,
  ): Promise<GenerationResult> {
    this.cancelled = false;
    let text = '';
    let tokens = 0;
    for (const piece of REPLY) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (this.cancelled) break;
      text += piece;
      tokens += 1;
      onDelta?.(piece);
    }
    return {
      text,
      finishReason: this.cancelled ? 'cancelled' : 'stop',
      usage: { promptTokens: 4, completionTokens: tokens },
      timings: { timeToFirstTokenMs: 0, totalMs: 0, decodeTokensPerSecond: 0 },
    };
  }
  cancel() {
    this.cancelled = true;
  }
  async unload() {}
}

/** A "worker" made of a MessageChannel; crash() fires the error event a dying Worker would. */
function fakeWorkerFactory(makeEngine: () => LlmEngine) {
  const spawned: Array<
    WorkerLike & { crash(): void; terminated: boolean; tokenSource: (() => Promise<string | null>) | null }
  > = [];
  const spawn = () => {
    const { port1, port2 } = new MessageChannel();
    const host = new LlmHost(() => makeEngine());
    const state = { tokenSource: null as (() => Promise<string | null>) | null };
    Comlink.expose(
      {
        load: host.load.bind(host),
        generate: host.generate.bind(host),
        cancel: host.cancel.bind(host),
        unload: host.unload.bind(host),
        engineKind: host.engineKind.bind(host),
        setAccessTokenSource(source: (() => Promise<string | null>) | null) {
          state.tokenSource = source;
        },
      },
      port1 as unknown as Comlink.Endpoint,
    );
    const errorTarget = new EventTarget();
    const worker = {
      terminated: false,
      get tokenSource() {
        return state.tokenSource;
      },
      postMessage: port2.postMessage.bind(port2),
      addEventListener: (type: string, listener: EventListenerOrEventListenerObject) =>
        type === 'error'
          ? errorTarget.addEventListener(type, listener)
          : port2.addEventListener(type, listener as never),
      removeEventListener: (type: string, listener: EventListenerOrEventListenerObject) =>
        port2.removeEventListener(type, listener as never),
      start: () => port2.start(),
      terminate() {
        this.terminated = true;
        port1.close();
        port2.close();
      },
      crash() {
        const event = new Event('error') as Event & { message: string };
        event.message = 'worker ran out of memory';
        errorTarget.dispatchEvent(event);
      },
    };
    spawned.push(worker as never);
    return worker as unknown as WorkerLike;
  };
  return { spawn, spawned };
}

installCodedErrorTransfer();
let client: LlmClient | null = null;
afterEach(() => client?.dispose());

describe('LlmClient over comlink', () => {
  it('keeps the code and recoverable flag of an error thrown in the worker', async () => {
    const { spawn } = fakeWorkerFactory(
      () => new ScriptedEngine(new CodedError('GPU_OUT_OF_MEMORY', 'device lost', { recoverable: false })),
    );
    client = new LlmClient(spawn);
    const error = await client.load('onnx-wasm', { id: 'm' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toMatchObject({ code: 'GPU_OUT_OF_MEMORY', recoverable: false, message: 'device lost' });
  });

  it('streams deltas in order and reports load progress', async () => {
    const { spawn } = fakeWorkerFactory(() => new ScriptedEngine());
    client = new LlmClient(spawn);
    const progress: LoadProgress[] = [];
    await client.load('onnx-wasm', { id: 'm' }, (p) => progress.push(p));
    // Callbacks travel on their own comlink channel and may land just after the call resolves.
    await vi.waitFor(() => expect(progress.map((p) => p.phase)).toEqual(['download', 'ready']));
    const deltas: string[] = [];
    const result = await client.generate([{ role: 'user', content: 'hi' }], {}, (d) => deltas.push(d));
    // No waiting: the reply's end must not overtake its last words (speech would stop short).
    expect(deltas).toEqual(REPLY);
    expect(result.text).toBe(REPLY.join(''));
    expect(result.finishReason).toBe('stop');
  });

  it('cancelling stops the stream within one token', async () => {
    const { spawn } = fakeWorkerFactory(() => new ScriptedEngine());
    client = new LlmClient(spawn);
    await client.load('onnx-wasm', { id: 'm' });
    const deltas: string[] = [];
    const c = client;
    const result = await c.generate([{ role: 'user', content: 'hi' }], {}, (d) => {
      deltas.push(d);
      if (deltas.length === 3) void c.cancel();
    });
    expect(result.finishReason).toBe('cancelled');
    const generated = result.text.length;
    // Stopped within one token of the cancel: at most 4 of the 8 pieces were generated.
    expect(generated).toBeGreaterThanOrEqual(REPLY.slice(0, 3).join('').length);
    expect(generated).toBeLessThanOrEqual(REPLY.slice(0, 4).join('').length);
    await vi.waitFor(() => expect(deltas.join('')).toBe(result.text));
  });

  it('rejects the pending call when the worker crashes, then restarts it and reloads the model', async () => {
    const engines: ScriptedEngine[] = [];
    const { spawn, spawned } = fakeWorkerFactory(() => {
      const engine = new ScriptedEngine();
      engines.push(engine);
      return engine;
    });
    client = new LlmClient(spawn);
    await client.load('onnx-wasm', { id: 'model-a' });
    const pending = client.generate([{ role: 'user', content: 'hi' }], {});
    spawned[0]?.crash();
    await expect(pending).rejects.toMatchObject({ code: 'WORKER_CRASHED', recoverable: true });
    expect(spawned[0]?.terminated).toBe(true);

    const result = await client.generate([{ role: 'user', content: 'again' }], {});
    expect(result.text).toBe(REPLY.join(''));
    expect(spawned).toHaveLength(2);
    expect(client.restarts).toBe(1);
    expect(engines.at(-1)?.loads).toEqual([{ id: 'model-a' }]);
  });

  it('gives a worker restarted after a crash the same access-token source, so the remote engine stays signed in', async () => {
    const { spawn, spawned } = fakeWorkerFactory(() => new ScriptedEngine());
    client = new LlmClient(spawn);
    let issued = 0;
    await client.setAccessTokenSource(async () => `token-${++issued}`);
    await client.load('onnx-wasm', { id: 'm' });
    await vi.waitFor(() => expect(spawned[0]?.tokenSource).not.toBeNull());
    expect(await spawned[0]?.tokenSource?.()).toBe('token-1');
    spawned[0]?.crash();
    await client.generate([{ role: 'user', content: 'after the crash' }], {});
    await vi.waitFor(() => expect(spawned[1]?.tokenSource).not.toBeNull());
    // Called in the new worker, answered by the page's source.
    expect(await spawned[1]?.tokenSource?.()).toBe('token-2');
  });
});
