// AudioResilienceManager: one AudioContext for speech that unlocks on the user's first gesture, comes back after the
// browser suspends it (autoplay policy, a background tab, a phone call, a changed output device), and says when sound
// cannot play so the screen can ask for a tap. Queued sentences are never dropped: a suspended context's clock stops,
// so what was scheduled plays (and the mouth moves) once it runs again.

export interface ContextLike {
  readonly state: string;
  resume(): Promise<void>;
  addEventListener(type: 'statechange', listener: () => void): void;
  removeEventListener(type: 'statechange', listener: () => void): void;
}

/** `blocked`: audio is waiting but the browser will not play it until the user interacts with the page. */
export type AudioStatus = 'idle' | 'running' | 'blocked';

interface EventTargetLike {
  addEventListener(type: string, listener: () => void, options?: AddEventListenerOptions): void;
  removeEventListener(type: string, listener: () => void, options?: EventListenerOptions): void;
}

const GESTURES = ['pointerdown', 'keydown', 'touchend'] as const;

export class AudioResilienceManager<C extends ContextLike = AudioContext> {
  private ctx: C | null = null;
  private wanted = false;
  private status: AudioStatus = 'idle';
  private readonly listeners = new Set<(status: AudioStatus) => void>();
  private readonly onState = () => this.update();
  private readonly onGesture = () => void this.unlock();

  constructor(
    private readonly create: () => C,
    private readonly target: EventTargetLike | null = typeof document === 'undefined' ? null : document,
    private readonly devices: EventTargetLike | null = typeof navigator === 'undefined' ? null : (navigator.mediaDevices ?? null),
  ) {
    // Capture phase: the gesture counts even when a button handles the event and stops it.
    for (const type of GESTURES) target?.addEventListener(type, this.onGesture, { capture: true });
    devices?.addEventListener('devicechange', this.onGesture);
  }

  /** The speech context, made on first use (ideally inside a click, so it starts unlocked). */
  context(): C {
    if (!this.ctx) {
      this.ctx = this.create();
      this.ctx.addEventListener('statechange', this.onState);
    }
    return this.ctx;
  }

  /** Audio was queued: make sure it can play, and report `blocked` while it cannot. */
  wantPlayback(): void {
    this.wanted = true;
    void this.unlock();
  }

  /** Playback finished or was stopped: a paused context is no longer a problem to show. */
  idle(): void {
    this.wanted = false;
    this.update();
  }

  async unlock(): Promise<void> {
    const ctx = this.ctx;
    if (!ctx || ctx.state === 'running' || ctx.state === 'closed') return this.update();
    this.update();
    try {
      await ctx.resume();
    } catch {
      // Refused without a gesture: stays blocked until the next one.
    }
    this.update();
  }

  get current(): AudioStatus {
    return this.status;
  }

  subscribe(listener: (status: AudioStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const type of GESTURES) this.target?.removeEventListener(type, this.onGesture, { capture: true });
    this.devices?.removeEventListener('devicechange', this.onGesture);
    this.ctx?.removeEventListener('statechange', this.onState);
  }

  private update(): void {
    const state = this.ctx?.state;
    const next: AudioStatus = state === 'running' ? 'running' : this.wanted && state !== undefined ? 'blocked' : 'idle';
    if (next === this.status) return;
    this.status = next;
    for (const listener of this.listeners) listener(next);
  }
}
