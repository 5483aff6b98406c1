// Hooks the chat's streamed reply up to speech: on by the user's choice, interruptible, with a visible log.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SpokenSentence, XttsSpokenChunk } from '../../workers/tts/tts.worker';
import { browserSpeech, speakWithBrowser } from './browser-voices';
import type { ChunkStream } from './chunk-stream';
import { SpeechPlayer } from './speech-player';
import { SpeechEvents } from './speech-events';
import { AudioResilienceManager, type AudioStatus } from './audio-resilience';
import { SpokenReplies, type SpokenLogEntry } from './spoken-replies';
import { ttsWorker } from './tts-client';
import { clonedVoiceId, serverVoiceId, type VoiceChoice } from './voice-ids';

export interface ReplyListener {
  onStart(): void;
  onDelta(delta: string): void;
  onEnd(): void;
}

export type { VoiceChoice } from './voice-ids';

/** Where players send their audio and their playback events. */
interface PlaybackIo {
  events: SpeechEvents;
  audio(): AudioContext;
}

/** Cloned-voice code (chunk streams, the voice store) loads when such a voice is first used. */
const clonedSpeech = () => import('./cloned-speech');

/** A cloned voice streams each sentence: it starts playing at its first chunk, the next sentence waits for the rest. */
function createClonedReplies(id: string, onSpoken: (e: SpokenLogEntry) => void, onError: (e: unknown) => void, io: PlaybackIo) {
  const player = new SpeechPlayer(io.audio(), io.events);
  const streams = new Set<ChunkStream<XttsSpokenChunk>>();
  return new SpokenReplies<ChunkStream<XttsSpokenChunk>>({
    speak: async (text) => {
      const stream = await (await clonedSpeech()).streamClonedSentence(text, id);
      streams.add(stream);
      return stream;
    },
    play: (stream) => stream.drain((chunk) => player.enqueue({ ...chunk, mouthSource: 'loudness' })).finally(() => streams.delete(stream)),
    stopPlayback: () => {
      player.stop();
      for (const stream of streams) stream.close();
      streams.clear();
      void ttsWorker().cancel('speak');
    },
    onSpoken,
    onError,
  });
}

/** A voice of the user's server: each sentence is synthesised there (POST /api/tts/generate) and played here. */
function createServerReplies(id: string, onSpoken: (e: SpokenLogEntry) => void, onError: (e: unknown) => void, io: PlaybackIo) {
  const player = new SpeechPlayer(io.audio(), io.events);
  let controller = new AbortController();
  return new SpokenReplies<SpokenSentence>({
    speak: async (text) => {
      const [{ speakOnServer }, { account }] = await Promise.all([import('./server-speech'), import('../account/account')]);
      return speakOnServer((path, init) => account().authorizedFetch(path, init), text, id, { signal: controller.signal });
    },
    play: (sentence) => player.enqueue(sentence),
    stopPlayback: () => {
      player.stop();
      controller.abort();
      controller = new AbortController();
    },
    onSpoken,
    onError,
  });
}

function createReplies(voice: VoiceChoice, onSpoken: (e: SpokenLogEntry) => void, onError: (e: unknown) => void, io: PlaybackIo) {
  const onServer = serverVoiceId(voice);
  if (onServer !== null) return createServerReplies(onServer, onSpoken, onError, io);
  if (voice.startsWith('browser:')) {
    const speech = browserSpeech();
    if (!speech) throw new Error('This browser has no speech synthesis.');
    const uri = voice.slice('browser:'.length);
    return new SpokenReplies<string>({
      speak: async (text) => text,
      play: (text) => speakWithBrowser(speech, text, uri),
      stopPlayback: () => {
        speech.cancel();
        io.events.stopped();
      },
      onSpoken,
      onError,
    });
  }
  const cloned = clonedVoiceId(voice);
  if (cloned !== null) return createClonedReplies(cloned, onSpoken, onError, io);
  // Created inside the user's Send click, so the browser lets the AudioContext play.
  const player = new SpeechPlayer(io.audio(), io.events);
  const worker = ttsWorker();
  const espeakVoice = voice.slice('espeak:'.length) || undefined;
  return new SpokenReplies({
    speak: (text) => worker.speak(text, { voice: espeakVoice }),
    play: (sentence) => player.enqueue(sentence),
    stopPlayback: () => player.stop(),
    onSpoken,
    onError,
  });
}

export function useSpokenReplies(enabled: boolean, voice: VoiceChoice) {
  const [log, setLog] = useState<SpokenLogEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const repliesRef = useRef<{ voice: VoiceChoice; replies: SpokenReplies<unknown> } | null>(null);
  // One hub for the life of the screen, so the avatar's subscription survives a change of voice.
  const [events] = useState(() => new SpeechEvents());
  // One AudioContext for the screen, unlocked by the first gesture and resumed whenever the browser pauses it.
  const [audio] = useState(() => new AudioResilienceManager(() => new AudioContext()));
  const [audioStatus, setAudioStatus] = useState<AudioStatus>('idle');
  useEffect(() => {
    const off = audio.subscribe(setAudioStatus);
    const offEvents = events.subscribe({ onScheduled: () => audio.wantPlayback(), onStop: () => audio.idle() });
    return () => {
      off();
      offEvents();
    };
  }, [audio, events]);
  useEffect(() => () => audio.dispose(), [audio]);

  const replies = useCallback((): SpokenReplies<unknown> => {
    if (repliesRef.current?.voice !== voice) {
      repliesRef.current?.replies.stop();
      const created = createReplies(
        voice,
        (entry) => setLog((entries) => [...entries, entry]),
        (e) => setError((e as Error).message ?? String(e)),
        { events, audio: () => audio.context() },
      ) as SpokenReplies<unknown>;
      repliesRef.current = { voice, replies: created };
    }
    return repliesRef.current.replies;
  }, [voice, events, audio]);

  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!enabled) {
      repliesRef.current?.replies.stop();
      return;
    }
    // Warm the voice up when speech is turned on, so the first reply is not delayed by the engine's start
    // (espeak-ng fetches 24 MB of voice data the first time; a cloned voice loads its XTTS model).
    const cloned = clonedVoiceId(voice);
    if (!voice.startsWith('espeak:') && cloned === null) {
      setReady(true);
      return;
    }
    let cancelled = false;
    setReady(false);
    const warm = cloned !== null ? clonedSpeech().then((m) => m.prepareClonedVoice(cloned)) : ttsWorker().init();
    warm
      .then(
        () => !cancelled && setReady(true),
        (e: unknown) => !cancelled && setError((e as Error).message ?? String(e)),
      );
    return () => {
      cancelled = true;
    };
  }, [enabled, voice]);

  const listener: ReplyListener = {
    onStart: () => {
      if (!enabled) return;
      setLog([]);
      setError(null);
      try {
        replies().start();
      } catch (e) {
        setError((e as Error).message);
      }
    },
    onDelta: (delta) => {
      if (enabled) repliesRef.current?.replies.push(delta);
    },
    onEnd: () => {
      if (enabled) void repliesRef.current?.replies.finish();
    },
  };
  const stop = useCallback(() => repliesRef.current?.replies.stop(), []);
  const speaking = useSpeaking(events);
  useEffect(() => {
    if (!speaking) audio.idle();
  }, [speaking, audio]);
  const enableSound = useCallback(() => void audio.unlock(), [audio]);
  return { listener, log, error, stop, ready, events, speaking, audioStatus, enableSound };
}

/** Whether scheduled audio is still playing, so the screen can offer Stop after the reply is written. */
function useSpeaking(events: SpeechEvents): boolean {
  const [speaking, setSpeaking] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let endsAt = 0;
    const unsubscribe = events.subscribe({
      onScheduled: ({ context, startTime, durationMs }) => {
        endsAt = Math.max(endsAt, startTime + durationMs / 1000);
        setSpeaking(true);
        const check = () => {
          const left = endsAt - context.currentTime;
          if (left <= 0) return setSpeaking(false);
          timer = setTimeout(check, left * 1000 + 50);
        };
        clearTimeout(timer);
        check();
      },
      onStop: () => {
        clearTimeout(timer);
        endsAt = 0;
        setSpeaking(false);
      },
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [events]);
  return speaking;
}
