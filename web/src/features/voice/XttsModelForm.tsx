// Chooses and loads the XTTS-v2 model cloned voices use: catalog variant or a repository id, where from, run on what.
import { useMemo, useState, type FormEvent } from 'react';
import type { VoiceModelRef } from '../../db/voices';
import type { XttsBackendChoice } from '../../workers/tts/tts.worker';
import type { XttsHost, XttsQuant } from '../../workers/tts/xtts-source';
import { formatBytes } from '../../lib/format-bytes';
import { BACKEND_LABEL, describeLoadProgress, type XttsModelState } from './use-xtts-model';
import { CUSTOM_XTTS, isNonCommercial, refForCustom, refForOption, xttsModelOptions } from './xtts-models';

interface Props {
  state: XttsModelState;
  backend: XttsBackendChoice;
  onBackend(b: XttsBackendChoice): void;
  onLoad(ref: VoiceModelRef): void;
  onCancel(): void;
}

export function XttsModelForm({ state, backend, onBackend, onLoad, onCancel }: Props) {
  const options = useMemo(() => xttsModelOptions(), []);
  const [selected, setSelected] = useState(options.find((o) => o.quant === o.entry.defaultQuant)?.key ?? CUSTOM_XTTS);
  const [host, setHost] = useState<XttsHost>('server');
  const [repo, setRepo] = useState('');
  const [revision, setRevision] = useState('main');
  const [folder, setFolder] = useState('');
  const [quant, setQuant] = useState<XttsQuant>('fp32');
  const option = options.find((o) => o.key === selected);
  const loading = state.status === 'loading';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onLoad(option ? refForOption(option, host) : refForCustom({ repo, revision, quant, folder }, host));
  };

  return (
    <form className="xtts-model" onSubmit={submit} aria-label="Voice model">
      <label>
        Voice model
        <select value={option ? selected : CUSTOM_XTTS} onChange={(e) => setSelected(e.target.value)}>
          {options.map((o) => (
            <option key={o.key} value={o.key}>
              {o.label}
              {o.downloadBytes ? `, ${o.sizeExact ? '' : 'about '}${formatBytes(o.downloadBytes)}` : ''}
            </option>
          ))}
          <option value={CUSTOM_XTTS}>Other repository (XTTS ONNX layout)…</option>
        </select>
      </label>
      {!option && (
        <>
          <label>
            Repository id
            <input value={repo} onChange={(e) => setRepo(e.target.value)} placeholder="owner/name" required spellCheck={false} />
          </label>
          <label>
            Revision
            <input value={revision} onChange={(e) => setRevision(e.target.value)} spellCheck={false} />
          </label>
          <label>
            Folder in the repository
            <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="(the root)" spellCheck={false} />
          </label>
          <label>
            GPT precision
            <select value={quant} onChange={(e) => setQuant(e.target.value as XttsQuant)}>
              <option value="fp32">fp32 (gpt_model.onnx)</option>
              <option value="int8">int8 (gpt_model_int8.onnx)</option>
            </select>
          </label>
        </>
      )}
      <label>
        Download from
        <select value={host} onChange={(e) => setHost(e.target.value as XttsHost)}>
          <option value="server">my server</option>
          <option value="hub">Hugging Face</option>
        </select>
      </label>
      <label>
        Run on
        <select value={backend} onChange={(e) => onBackend(e.target.value as XttsBackendChoice)}>
          <option value="auto">Automatic (WebGPU if available)</option>
          <option value="webgpu">WebGPU</option>
          <option value="wasm">CPU (WebAssembly)</option>
        </select>
      </label>
      <p className="hint" data-testid="xtts-licence">
        {option ? (
          <>
            Download: {option.downloadBytes ? `${option.sizeExact ? '' : 'about '}${formatBytes(option.downloadBytes)}` : 'size unknown'}, kept on this
            device for next time. Licence:{' '}
            <a href={option.entry.licence.url} target="_blank" rel="noreferrer">
              {option.entry.licence.spdx.replace('LicenseRef-', '').replace(/-/g, ' ')}
            </a>
            {isNonCommercial(option.entry) ? ': non-commercial use only. You download the weights yourself; this app never ships them.' : '.'}
          </>
        ) : (
          'Size and licence come from that repository: check its licence before downloading (XTTS-v2 weights are non-commercial).'
        )}
      </p>
      {loading ? (
        <button type="button" onClick={onCancel}>
          Cancel download
        </button>
      ) : (
        <button type="submit" disabled={!option && repo.trim() === ''}>
          Load voice model
        </button>
      )}
      <XttsModelStatus state={state} />
    </form>
  );
}

function XttsModelStatus({ state }: { state: XttsModelState }) {
  if (state.status === 'loading') {
    const p = describeLoadProgress(state.progress);
    return (
      <div className="progress" data-testid="xtts-progress">
        <progress max={1} value={p.fraction ?? undefined} />
        <span>{p.text}</span>
      </div>
    );
  }
  if (state.status === 'ready')
    return (
      <p className="status" data-testid="xtts-status">
        Voice model ready: {state.ref.repo} ({state.ref.quant}) on <span data-testid="xtts-backend">{BACKEND_LABEL[state.info.backend]}</span> ({state.info.reason}).
      </p>
    );
  if (state.status === 'error')
    return (
      <p className="error" role="alert" data-testid="xtts-status">
        Could not load the voice model: {state.message} <code>{state.code}</code>
      </p>
    );
  return null;
}
