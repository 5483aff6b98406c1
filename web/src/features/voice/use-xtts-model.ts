// Loading the XTTS model in the TTS worker from the Cloned voices section: progress, the backend used, cancel.
import { useCallback, useState } from 'react';
import * as Comlink from 'comlink';
import type { VoiceModelRef } from '../../db/voices';
import type { XttsBackendChoice, XttsLoadInfo, XttsLoadProgress } from '../../workers/tts/tts.worker';
import { ttsWorker } from './tts-client';
import { xttsSourceFor } from './xtts-models';

export type XttsModelState =
  | { status: 'idle' }
  | { status: 'loading'; ref: VoiceModelRef; progress: XttsLoadProgress | null }
  | { status: 'ready'; ref: VoiceModelRef; info: XttsLoadInfo }
  | { status: 'error'; ref: VoiceModelRef; message: string; code: string };

export function errorParts(e: unknown): { message: string; code: string } {
  const err = e as { message?: string; code?: string };
  return { message: err?.message ?? String(e), code: err?.code ?? 'ERROR' };
}

export function useXttsModel() {
  const [state, setState] = useState<XttsModelState>({ status: 'idle' });

  const load = useCallback(async (ref: VoiceModelRef, backend: XttsBackendChoice): Promise<XttsLoadInfo | null> => {
    setState({ status: 'loading', ref, progress: null });
    try {
      const onProgress = (progress: XttsLoadProgress) => setState((s) => (s.status === 'loading' && s.ref === ref ? { ...s, progress } : s));
      const info = await ttsWorker().loadXtts(xttsSourceFor(ref), backend, Comlink.proxy(onProgress));
      setState({ status: 'ready', ref, info });
      return info;
    } catch (e) {
      setState({ status: 'error', ref, ...errorParts(e) });
      return null;
    }
  }, []);

  /** The worker loaded another model on its own (a voice's preview): keep the section's view in step. */
  const loadedElsewhere = useCallback((ref: VoiceModelRef, info: XttsLoadInfo) => setState({ status: 'ready', ref, info }), []);
  const cancel = useCallback(() => void ttsWorker().cancel('load'), []);
  return { state, load, cancel, loadedElsewhere };
}

export const BACKEND_LABEL: Record<string, string> = { webgpu: 'WebGPU', wasm: 'WebAssembly' };

export function describeLoadProgress(p: XttsLoadProgress | null): { text: string; fraction: number | null } {
  if (!p) return { text: 'Starting…', fraction: null };
  if (p.phase === 'prepare') return { text: `Preparing the model: ${p.step} (${p.done}/${p.total})`, fraction: p.done / p.total };
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const file = `${p.source === 'cache' ? 'From this device' : 'Downloading'} ${p.file}: ${mb(p.received)}${p.total ? ` of ${mb(p.total)}` : ''}`;
  const fraction = p.overallTotal ? p.overallReceived / p.overallTotal : null;
  return { text: p.overallTotal ? `${file} (all files: ${mb(p.overallReceived)} of ${mb(p.overallTotal)})` : file, fraction };
}
