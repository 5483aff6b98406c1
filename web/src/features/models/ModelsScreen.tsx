// The model screen: what this device can run and the engine picked for it, the catalog (or the user's server's
// models) with size and fit, loading with progress, and the chat models kept in this browser.
import { useCallback, useEffect, useState } from 'react';
import { useEngine } from '../../app/engine';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatBytes } from '../../lib/format-bytes';
import { CapabilitiesPanel } from '../capabilities/CapabilitiesPanel';
import { chooseLlmEngine } from '../capabilities/choose-engine';
import { useDeviceCapabilities } from '../capabilities/use-device-capabilities';
import { useServerHealth } from '../server-status/use-server-health';
import { ModelPicker } from '../chat/ModelPicker';
import { listStoredChatModels, removeStoredChatModel, type StoredChatModel } from './chat-model-storage';

function StoredModels({ refreshKey }: { refreshKey: unknown }) {
  const [models, setModels] = useState<StoredChatModel[] | null>(null);
  const refresh = useCallback(() => void listStoredChatModels().then(setModels, () => setModels([])), []);
  useEffect(refresh, [refresh, refreshKey]);
  if (!models) return null;
  if (models.length === 0) return <p className="muted">No chat model is stored in this browser yet.</p>;
  return (
    <ul className="stored-models">
      {models.map((m) => (
        <li key={m.repo} data-testid="stored-chat-model">
          <span>
            {m.repo}: {m.files} files, {formatBytes(m.bytes)}
          </span>
          <button
            type="button"
            className="danger"
            onClick={() => void removeStoredChatModel(m).then(refresh)}
            aria-label={`Remove ${m.repo} from this browser`}
          >
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}

export default function ModelsScreen() {
  const engine = useEngine();
  const caps = useDeviceCapabilities();
  const health = useServerHealth();
  const choice = caps ? chooseLlmEngine(caps, { serverAvailable: health.state === 'online' }) : null;
  const busy = engine.status === 'loading' || engine.status === 'generating';
  return (
    <section className="screen-body" aria-labelledby="models-heading">
      <h1 id="models-heading">Models</h1>
      <section className="panel" aria-labelledby="load-heading">
        <h2 id="load-heading">Chat model</h2>
        <p data-testid="loaded-model">
          {engine.loaded ? (
            <>
              Loaded: <strong>{engine.loaded.model.id}</strong> on {engine.loaded.engine}. It loads again by itself on
              your next visit.
            </>
          ) : (
            'No model loaded.'
          )}
        </p>
        {/* Mounted once the engine is known, so the picker starts on the recommended engine. */}
        {choice ? (
          <ModelPicker
            recommended={engine.loaded?.engine ?? choice.engine}
            caps={caps}
            disabled={busy}
            onLoad={(c) => void engine.load(c)}
          />
        ) : (
          <p className="muted">Checking this device…</p>
        )}
        {engine.progress && (
          <div className="progress" data-testid="load-progress">
            <progress max={1} value={engine.progress.fraction ?? undefined} aria-label="Model loading" />
            <span>{engine.progress.text}</span>
          </div>
        )}
        <ErrorNote error={engine.error} onDismiss={engine.clearError} testId="chat-error" />
      </section>
      <section className="panel" aria-labelledby="stored-heading">
        <h2 id="stored-heading">Stored in this browser</h2>
        <StoredModels refreshKey={engine.status} />
      </section>
      <CapabilitiesPanel caps={caps} choice={choice} />
    </section>
  );
}
