// The LLM Web Worker: keeps model code and inference off the UI thread.
import '../../lib/zod-csp';
import * as Comlink from 'comlink';
import { CodedError } from '@companion/core/errors';
import type { LlmEngineKind } from '@companion/core/llm';
import { installCodedErrorTransfer } from '../comlink-errors';
import { LlmHost } from './llm-host';
import { TransformersEngine } from './engines/transformers-engine';
import { WebLlmEngine } from './engines/webllm-engine';
import { RemoteEngine } from './engines/remote-engine';

installCodedErrorTransfer();

/** Asks the page for a current access token: it refreshes tokens (15 minutes) and coordinates tabs. */
let accessTokenSource: (() => Promise<string | null>) | null = null;

function createEngine(kind: LlmEngineKind) {
  switch (kind) {
    case 'onnx-webgpu':
    case 'onnx-wasm':
      return new TransformersEngine(kind);
    case 'webllm':
      return new WebLlmEngine();
    case 'remote':
      return new RemoteEngine({ baseUrl: self.location.origin, getAccessToken: () => accessTokenSource?.() ?? null });
    default:
      throw new CodedError('UNKNOWN_ENGINE', `Unknown engine "${String(kind)}".`);
  }
}

const host = new LlmHost(createEngine);
const api = {
  load: host.load.bind(host),
  generate: host.generate.bind(host),
  cancel: host.cancel.bind(host),
  unload: host.unload.bind(host),
  countTokens: host.countTokens.bind(host),
  engineKind: host.engineKind.bind(host),
  setAccessTokenSource(source: (() => Promise<string | null>) | null) {
    accessTokenSource = source;
  },
};
export type LlmWorkerApi = typeof api;
Comlink.expose(api);
