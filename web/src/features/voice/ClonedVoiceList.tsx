// The cloned voices on this device: preview, rename, clone again with the loaded model, delete.
import { useState } from 'react';
import type { StoredVoice, VoiceModelRef } from '../../db/voices';
import { describeModel, sameModel } from './xtts-models';

interface Props {
  voices: StoredVoice[];
  loadedModel: VoiceModelRef | null;
  busy: boolean;
  onPreview(v: StoredVoice): void;
  onRename(v: StoredVoice, name: string): Promise<void>;
  onReclone(v: StoredVoice): void;
  onDelete(v: StoredVoice): void;
}

export function ClonedVoiceList({ voices, loadedModel, busy, onPreview, onRename, onReclone, onDelete }: Props) {
  if (voices.length === 0) return <p className="muted">No cloned voices yet.</p>;
  return (
    <ul className="cloned-voice-list" aria-label="Cloned voices on this device">
      {voices.map((v) => (
        <ClonedVoiceItem key={v.id} voice={v} loadedModel={loadedModel} busy={busy} {...{ onPreview, onRename, onReclone, onDelete }} />
      ))}
    </ul>
  );
}

function ClonedVoiceItem({ voice, loadedModel, busy, onPreview, onRename, onReclone, onDelete }: Omit<Props, 'voices'> & { voice: StoredVoice }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const otherModel = loadedModel !== null && !sameModel(loadedModel, voice.model);

  const save = async () => {
    if (editing === null) return;
    try {
      await onRename(voice, editing);
      setEditing(null);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <li data-testid="cloned-voice">
      {editing === null ? (
        <strong data-testid="cloned-voice-name">{voice.name}</strong>
      ) : (
        <input aria-label={`New name for ${voice.name}`} value={editing} onChange={(e) => setEditing(e.target.value)} maxLength={60} />
      )}{' '}
      <span className="muted">
        {voice.language}, cloned {new Date(voice.createdAt).toLocaleString()} with {describeModel(voice.model)}, sample{' '}
        {(voice.sample.samples.length / voice.sample.sampleRate).toFixed(1)} s
      </span>
      <div className="row">
        <button type="button" disabled={busy} onClick={() => onPreview(voice)}>
          Preview
        </button>
        {editing === null ? (
          <button type="button" onClick={() => setEditing(voice.name)}>
            Rename
          </button>
        ) : (
          <>
            <button type="button" onClick={() => void save()}>
              Save name
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </>
        )}
        {otherModel && (
          <button type="button" disabled={busy} onClick={() => onReclone(voice)} title="Clone this voice again from its stored sample">
            Clone again with the loaded model
          </button>
        )}
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={() => onDelete(voice)}>
              Delete {voice.name} for good
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
