// The Cloned voices section (loaded on demand): model, sample, clone, and the voices kept on this device.
import { useCallback, useEffect, useState } from 'react';
import * as Comlink from 'comlink';
import type { StoredVoice } from '../../db/voices';
import type { XttsBackendChoice, XttsCloneProgress, XttsLoadInfo } from '../../workers/tts/tts.worker';
import { bundledVoiceCatalog } from '@companion/models/catalog-static';
import { XTTS_LANGUAGE_LIST } from '@companion/core/schemas';
import { ClonedVoiceList } from './ClonedVoiceList';
import { notifyVoicesChanged, onVoicesChanged, voiceStore } from './cloned-voices-client';
import { PREVIEW_SEED, PREVIEW_TEXT } from './preview';
import { SampleInput, type ChosenSample } from './SampleInput';
import { ttsWorker } from './tts-client';
import { BACKEND_LABEL, describeLoadProgress, errorParts, useXttsModel } from './use-xtts-model';
import { useVoicePreview, type PreviewState } from './use-voice-preview';
import { XttsModelForm } from './XttsModelForm';
import { DownloadedModels } from './DownloadedModels';

// The catalog's languages, named from the shared list (core/src/schemas/languages.ts) the cleaner also uses.
const LANGUAGES = XTTS_LANGUAGE_LIST.filter((l) => (bundledVoiceCatalog[0]?.languages ?? ['en']).includes(l.id));

type CloneState = { status: 'idle' } | { status: 'cloning'; progress: XttsCloneProgress | null } | { status: 'done'; name: string } | { status: 'error'; message: string; code: string };

export default function ClonedVoices() {
  const model = useXttsModel();
  const [backend, setBackend] = useState<XttsBackendChoice>('auto');
  const [sample, setSample] = useState<ChosenSample | null>(null);
  const [name, setName] = useState('');
  const [language, setLanguage] = useState('en');
  const [clone, setClone] = useState<CloneState>({ status: 'idle' });
  const [voices, setVoices] = useState<StoredVoice[]>([]);
  const { loadedElsewhere } = model;
  const preview = useVoicePreview(useCallback((v: StoredVoice, info: XttsLoadInfo) => loadedElsewhere(v.model, info), [loadedElsewhere]));

  useEffect(() => {
    let live = true;
    const refresh = () => void voiceStore().then((s) => s.list()).then((list) => live && setVoices(list));
    refresh();
    const off = onVoicesChanged(refresh);
    return () => {
      live = false;
      off();
    };
  }, []);

  const loadedRef = model.state.status === 'ready' ? model.state.ref : null;
  const busy = clone.status === 'cloning' || preview.state.status === 'loading' || preview.state.status === 'speaking';

  /** Clones with the model loaded in the worker (the section's `loadedRef`). */
  const cloneFrom = async (samples: Float32Array, sampleRate: number): Promise<Uint8Array> => {
    setClone({ status: 'cloning', progress: null });
    return ttsWorker().cloneVoice(samples, sampleRate, Comlink.proxy((progress: XttsCloneProgress) => setClone({ status: 'cloning', progress })));
  };

  const cloneNew = async () => {
    if (!loadedRef || !sample?.check.ok) return;
    try {
      const { samples, sampleRate } = sample.decoded;
      const bytes = await cloneFrom(samples, sampleRate);
      const record = await (await voiceStore()).add({ name: name || sample.name, language, model: loadedRef, voice: bytes, sample: { sampleRate, samples } });
      await ttsWorker().registerVoice(record.id, record.voice);
      setClone({ status: 'done', name: record.name });
      notifyVoicesChanged();
    } catch (e) {
      setClone({ status: 'error', ...errorParts(e) });
    }
  };

  const reclone = async (v: StoredVoice) => {
    if (!loadedRef) return;
    try {
      const bytes = await cloneFrom(v.sample.samples, v.sample.sampleRate);
      await (await voiceStore()).replaceVoice(v.id, loadedRef, bytes);
      await ttsWorker().registerVoice(v.id, bytes);
      setClone({ status: 'done', name: v.name });
      notifyVoicesChanged();
    } catch (e) {
      setClone({ status: 'error', ...errorParts(e) });
    }
  };

  return (
    <div className="cloned-voices-body">
      <h3>1. Voice model</h3>
      <XttsModelForm state={model.state} backend={backend} onBackend={setBackend} onLoad={(ref) => void model.load(ref, backend)} onCancel={model.cancel} />

      <h3>2. Sample</h3>
      <SampleInput
        sample={sample}
        onSample={(s) => {
          setSample(s);
          if (s && !name) setName(s.name);
        }}
      />
      <div className="row">
        <label>
          Voice name
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} />
        </label>
        <label>
          Language
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            {LANGUAGES.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({l.id})
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!loadedRef || !sample?.check.ok || busy} onClick={() => void cloneNew()}>
          Clone voice
        </button>
      </div>
      {!loadedRef && <p className="muted">Load the voice model first, then clone.</p>}
      <CloneStatus state={clone} onCancel={() => void ttsWorker().cancel('clone')} />

      <h3>3. Your cloned voices</h3>
      <ClonedVoiceList
        voices={voices}
        loadedModel={loadedRef}
        busy={busy}
        onPreview={(v) => void preview.preview(v, backend)}
        onRename={async (v, n) => {
          await (await voiceStore()).rename(v.id, n);
          notifyVoicesChanged();
        }}
        onReclone={(v) => void reclone(v)}
        onDelete={(v) => void voiceStore().then((s) => s.remove(v.id)).then(notifyVoicesChanged)}
      />
      <PreviewStatus state={preview.state} />
      <DownloadedModels refreshKey={model.state} />
    </div>
  );
}

function CloneStatus({ state, onCancel }: { state: CloneState; onCancel(): void }) {
  if (state.status === 'idle') return null;
  if (state.status === 'error')
    return (
      <p className="error" role="alert" data-testid="clone-status">
        Cloning failed: {state.message} <code>{state.code}</code>
      </p>
    );
  if (state.status === 'done')
    return (
      <p className="status" data-testid="clone-status">
        Cloned “{state.name}”: choose it under Voice in the chat, or preview it below.
      </p>
    );
  const p = state.progress;
  return (
    <div className="progress" data-testid="clone-status">
      <progress max={1} value={p ? p.done / p.total : undefined} />
      <span>{p ? `Cloning: ${p.step} (${p.done}/${p.total})` : 'Cloning…'}</span>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

function PreviewStatus({ state }: { state: PreviewState }) {
  if (state.status === 'idle') return null;
  const who = state.voice.name;
  if (state.status === 'loading')
    return (
      <p className="muted" data-testid="preview-status">
        Preview of {who}: loading its voice model… {describeLoadProgress(state.progress).text}
      </p>
    );
  if (state.status === 'speaking')
    return (
      <p className="muted" data-testid="preview-status">
        Preview of {who}: speaking ({state.chunks} chunks so far)…
      </p>
    );
  if (state.status === 'error')
    return (
      <p className="error" role="alert" data-testid="preview-status">
        Preview of {who} failed: {state.message} <code>{state.code}</code>
      </p>
    );
  return (
    <p className="status" data-testid="preview-status">
      Preview of {who} (“{PREVIEW_TEXT}”, seed {PREVIEW_SEED}): <span data-testid="preview-samples">{state.samples}</span> samples (
      {(state.samples / state.sampleRate).toFixed(2)} s) at {state.sampleRate} Hz in {state.chunks} chunks on{' '}
      <span data-testid="preview-backend">{BACKEND_LABEL[state.backend] ?? state.backend}</span>; first audio after {Math.round(state.firstAudioMs)} ms.{' '}
      <a href={state.wavUrl} download={`${who} preview.wav`}>
        Save preview (WAV)
      </a>
    </p>
  );
}
