// Previews a cloned voice: loads its model if needed, plays the fixed preview as chunks arrive, keeps it as a WAV.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoredVoice } from '../../db/voices';
import type { XttsBackendChoice, XttsLoadInfo, XttsLoadProgress } from '../../workers/tts/tts.worker';
import { prepareClonedVoice, speakCloned } from './cloned-voices-client';
import { PREVIEW_SEED, PREVIEW_TEXT, concatSamples, previewWav } from './preview';
import { SpeechPlayer } from './speech-player';
import { errorParts } from './use-xtts-model';

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading'; voice: StoredVoice; progress: XttsLoadProgress | null }
  | { status: 'speaking'; voice: StoredVoice; chunks: number }
  | { status: 'done'; voice: StoredVoice; samples: number; sampleRate: number; chunks: number; backend: string; firstAudioMs: number; wavUrl: string }
  | { status: 'error'; voice: StoredVoice; message: string; code: string };

export function useVoicePreview(onModelLoaded: (voice: StoredVoice, info: XttsLoadInfo) => void) {
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  const context = useRef<AudioContext | null>(null);
  const url = useRef<string | null>(null);

  useEffect(
    () => () => {
      if (url.current) URL.revokeObjectURL(url.current);
      void context.current?.close();
    },
    [],
  );

  const preview = useCallback(
    async (voice: StoredVoice, backend: XttsBackendChoice) => {
      // Created inside the click, so the browser lets it play.
      context.current ??= new AudioContext();
      const player = new SpeechPlayer(context.current);
      player.stop();
      setState({ status: 'loading', voice, progress: null });
      try {
        const { info } = await prepareClonedVoice(voice.id, backend, (progress) => setState((s) => (s.status === 'loading' ? { ...s, progress } : s)));
        onModelLoaded(voice, info);
        const parts: Float32Array[] = [];
        const started = performance.now();
        let firstAudioMs = 0;
        setState({ status: 'speaking', voice, chunks: 0 });
        const result = await speakCloned(
          PREVIEW_TEXT,
          voice.id,
          (chunk) => {
            if (parts.length === 0) firstAudioMs = performance.now() - started;
            parts.push(chunk.samples);
            player.enqueue(chunk);
            setState({ status: 'speaking', voice, chunks: parts.length });
          },
          PREVIEW_SEED,
        );
        const samples = concatSamples(parts);
        if (url.current) URL.revokeObjectURL(url.current);
        url.current = URL.createObjectURL(previewWav(samples, result.sampleRate));
        setState({
          status: 'done',
          voice,
          samples: samples.length,
          sampleRate: result.sampleRate,
          chunks: parts.length,
          backend: result.backend ?? '',
          firstAudioMs,
          wavUrl: url.current,
        });
      } catch (e) {
        setState({ status: 'error', voice, ...errorParts(e) });
      }
    },
    [onModelLoaded],
  );
  return { state, preview };
}
