// The reference sample: a file (WAV, MP3, anything the browser decodes) or a recording, checked before cloning.
import { useState } from 'react';
import { decodeSample, type DecodedSample } from './decode-sample';
import { checkSample, type SampleCheck } from './sample-check';
import { recorderSupport, useRecorder } from './use-recorder';

export interface ChosenSample {
  name: string;
  decoded: DecodedSample;
  check: SampleCheck;
}

const TIPS = [
  '5-10 seconds of one person speaking naturally, in the language the voice will speak.',
  'A quiet room: no music, TV, fan or other voices; soft furnishings help against echo.',
  'About a hand and a half from the microphone, at a steady level (not so loud it distorts).',
  'Start and end on speech rather than long silence; a single clip works better than a medley.',
];

export function SampleInput({ sample, onSample }: { sample: ChosenSample | null; onSample(s: ChosenSample | null): void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const support = recorderSupport();

  const use = async (bytes: Uint8Array, name: string) => {
    setError(null);
    setBusy(true);
    onSample(null);
    try {
      const decoded = await decodeSample(bytes);
      onSample({ name, decoded, check: checkSample(decoded.samples, decoded.sampleRate) });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const recorder = useRecorder((bytes, name) => void use(bytes, name));

  return (
    <div className="sample-input">
      <details className="tips">
        <summary>How to record a good sample</summary>
        <ul>
          {TIPS.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      </details>
      <label>
        Voice sample (WAV, MP3, …)
        <input
          type="file"
          accept="audio/*,.wav,.mp3,.ogg,.webm,.m4a,.flac"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void file.arrayBuffer().then((b) => use(new Uint8Array(b), file.name.replace(/\.[^.]+$/, '')));
          }}
        />
      </label>
      {support.ok ? (
        recorder.recording ? (
          <button type="button" onClick={recorder.stop}>
            Stop recording ({recorder.seconds.toFixed(0)} s)
          </button>
        ) : (
          <button type="button" onClick={() => void recorder.start()}>
            Record from microphone
          </button>
        )
      ) : (
        <p className="hint" data-testid="recorder-unavailable">
          {support.reason}
        </p>
      )}
      {busy && <p className="muted">Reading the sample…</p>}
      {(error ?? recorder.error) && (
        <p className="error" role="alert">
          {error ?? recorder.error}
        </p>
      )}
      {sample && <SampleVerdict sample={sample} />}
    </div>
  );
}

function SampleVerdict({ sample }: { sample: ChosenSample }) {
  const { check, decoded } = sample;
  const level = Number.isFinite(check.loudnessLufs) ? `${check.loudnessLufs.toFixed(0)} LUFS` : 'silent';
  return (
    <div className="sample-check" data-testid="sample-check">
      <p>
        {sample.name}: {check.durationSec.toFixed(1)} s at {decoded.sampleRate} Hz{decoded.channels > 1 ? ` (${decoded.channels} channels mixed to mono)` : ''}, {level},{' '}
        {check.soundSec.toFixed(1)} s with sound. {check.ok ? 'Good to clone.' : 'Not usable:'}
      </p>
      {check.refusals.length > 0 && (
        <ul className="error" role="alert" data-testid="sample-refusals">
          {check.refusals.map((p) => (
            <li key={p.code}>{p.message}</li>
          ))}
        </ul>
      )}
      {check.warnings.length > 0 && (
        <ul className="hint">
          {check.warnings.map((p) => (
            <li key={p.code}>{p.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
