// The character's Live2D avatar: loads the renderer late, follows the speech being played, and falls back to the
// portrait (with the reason) where WebGL or the model fails.
import { useEffect, useRef, useState } from 'react';
import type { CharacterRecord } from '../../db/records';
import { Portrait } from '../../ui/Portrait';
import type { SpeechEvents } from '../voice/speech-events';
import { AvatarSpeechLink } from './speech-link';
import type { MouthSource } from './lip-sync';
import type { AvatarStage, ModelKind } from './stage';
import { AboutAvatar } from './AboutAvatar';
import { DEFAULT_MODEL_URL } from './runtime';

export interface AvatarProps {
  character: Pick<CharacterRecord, 'image' | 'card'>;
  /** Playback events of this screen's speech (the chat screen); none on pages that do not speak. */
  speech?: SpeechEvents;
  /** The mood of the latest reply (from its emotion tag), shown as an expression. */
  mood?: string | null;
  className?: string;
}

type Status = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; reason: string };

function webglAvailable(): boolean {
  try {
    const probe = document.createElement('canvas');
    return !!(probe.getContext('webgl2') ?? probe.getContext('webgl'));
  } catch {
    return false;
  }
}

const reducedMotionQuery = () => window.matchMedia('(prefers-reduced-motion: reduce)');

export interface AvatarModel {
  kind: ModelKind;
  source: string | File[];
}

/**
 * The model to show. Until characters carry their own model, everyone gets the default; the e2e tests put another
 * on `window.__companionAvatarModel` (before the app starts) to exercise the Cubism 3+ path.
 */
function chosenModel(): AvatarModel {
  const override = (window as unknown as { __companionAvatarModel?: AvatarModel }).__companionAvatarModel;
  return override ?? { kind: 'cubism2', source: DEFAULT_MODEL_URL };
}

export function Avatar({ character, speech, mood, className }: AvatarProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const stageRef = useRef<AvatarStage | null>(null);
  const [status, setStatus] = useState<Status>({ state: 'loading' });
  const [source, setSource] = useState<MouthSource | null>(null);
  const [link] = useState(() => new AvatarSpeechLink(setSource));

  useEffect(() => link.connect(speech), [link, speech]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    if (!webglAvailable()) {
      setStatus({ state: 'failed', reason: 'This browser cannot draw the avatar (WebGL is off or unavailable).' });
      return;
    }
    let disposed = false;
    const cleanups: (() => void)[] = [];
    setStatus({ state: 'loading' });
    void import('./stage')
      .then(({ createStage }) =>
        createStage(canvas, { ...chosenModel(), reducedMotion: reducedMotionQuery().matches, mouth: () => link.sample() }),
      )
      .then(
        (stage) => {
          if (disposed) return stage.destroy();
          stageRef.current = stage;
          // For the e2e tests and benchmarks: what the model has, and a probe of recent frames.
          Object.assign(canvas, { companionAvatar: { probe: stage.probe, parameters: stage.parameters, link } });
          let visible = true;
          let onScreen = true;
          const update = () => stage.setRunning(visible && onScreen);
          const onVisibility = () => {
            visible = document.visibilityState === 'visible';
            update();
          };
          document.addEventListener('visibilitychange', onVisibility);
          const io = new IntersectionObserver(([entry]) => {
            onScreen = entry?.isIntersecting ?? true;
            update();
          });
          io.observe(canvas);
          const ro = new ResizeObserver(() => stage.resize(canvas.clientWidth, canvas.clientHeight));
          ro.observe(canvas);
          const query = reducedMotionQuery();
          const onMotion = () => stage.setReducedMotion(query.matches);
          query.addEventListener('change', onMotion);
          const onPointer = (e: PointerEvent) => stage.look(e.clientX, e.clientY);
          window.addEventListener('pointermove', onPointer, { passive: true });
          const onTap = (e: PointerEvent) => stage.tap(e.clientX, e.clientY);
          canvas.addEventListener('pointerdown', onTap);
          cleanups.push(
            () => document.removeEventListener('visibilitychange', onVisibility),
            () => io.disconnect(),
            () => ro.disconnect(),
            () => query.removeEventListener('change', onMotion),
            () => window.removeEventListener('pointermove', onPointer),
            () => canvas.removeEventListener('pointerdown', onTap),
          );
          onVisibility();
          setStatus({ state: 'ready' });
        },
        (error: unknown) => {
          if (!disposed) setStatus({ state: 'failed', reason: (error as Error)?.message ?? String(error) });
        },
      );
    return () => {
      disposed = true;
      for (const cleanup of cleanups) cleanup();
      stageRef.current?.destroy();
      stageRef.current = null;
    };
  }, [link]);

  useEffect(() => {
    if (mood && status.state === 'ready') stageRef.current?.expression(mood);
  }, [mood, status.state]);

  const failed = status.state === 'failed';
  return (
    <figure className={`avatar ${className ?? ''}`} data-testid="avatar" data-state={status.state}>
      {failed ? (
        <Portrait character={character} className="avatar-fallback" />
      ) : (
        <canvas ref={canvasRef} className="avatar-canvas" data-testid="avatar-canvas" aria-label={`${character.card.name}, animated`} role="img" />
      )}
      <figcaption className="muted small avatar-caption">
        {status.state === 'loading' && <span role="status">Loading the avatar…</span>}
        {failed && (
          <span data-testid="avatar-fallback-reason">Showing the portrait: {status.reason}</span>
        )}
        {status.state === 'ready' && source && <span data-testid="lip-sync-source">lip-sync: {source === 'phonemes' ? 'phonemes' : 'loudness'}</span>}
        {!failed && <AboutAvatar />}
      </figcaption>
    </figure>
  );
}
