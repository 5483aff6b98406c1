// Records a voice sample from the microphone (MediaRecorder), up to the longest sample a clone accepts.
import { useCallback, useEffect, useRef, useState } from 'react';
import { SAMPLE_LIMITS } from './sample-check';

export type RecorderSupport = { ok: true } | { ok: false; reason: string };

/** The microphone needs a secure context (https or localhost), getUserMedia and MediaRecorder. */
export function recorderSupport(): RecorderSupport {
  if (typeof window === 'undefined' || !window.isSecureContext)
    return { ok: false, reason: 'Recording needs a secure page: open the app over https (or on localhost), or choose a file instead.' };
  if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined')
    return { ok: false, reason: 'This browser cannot record from a microphone; choose a file instead.' };
  return { ok: true };
}

export interface Recorder {
  recording: boolean;
  seconds: number;
  error: string | null;
  start(): Promise<void>;
  stop(): void;
}

export function useRecorder(onRecorded: (bytes: Uint8Array, name: string) => void): Recorder {
  const [recording, setRecording] = useState(false);
  const [seconds, setSeconds] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const active = useRef<{ recorder: MediaRecorder; stream: MediaStream; timer: ReturnType<typeof setInterval> } | null>(null);
  const onRecordedRef = useRef(onRecorded);
  onRecordedRef.current = onRecorded;

  const stop = useCallback(() => {
    const a = active.current;
    if (!a) return;
    clearInterval(a.timer);
    if (a.recorder.state !== 'inactive') a.recorder.stop();
  }, []);

  const start = useCallback(async () => {
    setError(null);
    try {
      // Echo cancellation and noise suppression colour a voice; a quiet room does more for a clone than they do.
      const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: true } });
      const recorder = new MediaRecorder(stream);
      const parts: Blob[] = [];
      recorder.ondataavailable = (e) => e.data.size > 0 && parts.push(e.data);
      recorder.onstop = () => {
        for (const track of stream.getTracks()) track.stop();
        active.current = null;
        setRecording(false);
        void new Blob(parts, { type: recorder.mimeType })
          .arrayBuffer()
          .then((buffer) => onRecordedRef.current(new Uint8Array(buffer), `Recording ${new Date().toLocaleTimeString()}`));
      };
      const startedAt = Date.now();
      const timer = setInterval(() => {
        const s = (Date.now() - startedAt) / 1000;
        setSeconds(s);
        if (s >= SAMPLE_LIMITS.maxSec) stop();
      }, 200);
      active.current = { recorder, stream, timer };
      setSeconds(0);
      setRecording(true);
      recorder.start();
    } catch (e) {
      setError(e instanceof DOMException && e.name === 'NotAllowedError' ? 'Microphone access was refused.' : `Could not record: ${(e as Error).message}`);
    }
  }, [stop]);

  useEffect(() => stop, [stop]);
  return { recording, seconds, error, start, stop };
}
