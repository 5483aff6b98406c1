// Hooks the chat's streamed reply up to speech: on by the user's choice, interruptible, with a visible log.
import { useCallback, useEffect, useRef, useState } from 'react';
import { SpeechPlayer } from './speech-player';
import { SpokenReplies, type SpokenLogEntry } from './spoken-replies';
import { ttsWorker } from './tts-client';

export interface ReplyListener {
  onStart(): void;
  onDelta(delta: string): void;
  onEnd(): void;
}

export function useSpokenReplies(enabled: boolean) {
  const [log, setLog] = useState<SpokenLogEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const repliesRef = useRef<SpokenReplies | null>(null);

  const replies = useCallback((): SpokenReplies => {
    if (!repliesRef.current) {
      // Created on the first reply, inside the user's Send click, so the browser lets audio play.
      const player = new SpeechPlayer(new AudioContext());
      const worker = ttsWorker();
      repliesRef.current = new SpokenReplies({
        speak: (text) => worker.speak(text),
        play: (sentence) => player.enqueue(sentence),
        stopPlayback: () => player.stop(),
        onSpoken: (entry) => setLog((entries) => [...entries, entry]),
        onError: (e) => setError((e as Error).message ?? String(e)),
      });
    }
    return repliesRef.current;
  }, []);

  useEffect(() => {
    if (!enabled) repliesRef.current?.stop();
  }, [enabled]);

  const listener: ReplyListener = {
    onStart: () => {
      if (!enabled) return;
      setLog([]);
      setError(null);
      replies().start();
    },
    onDelta: (delta) => {
      if (enabled) repliesRef.current?.push(delta);
    },
    onEnd: () => {
      if (enabled) void repliesRef.current?.finish();
    },
  };
  const stop = useCallback(() => repliesRef.current?.stop(), []);
  return { listener, log, error, stop };
}
