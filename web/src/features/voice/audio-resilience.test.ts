import { describe, expect, it } from 'vitest';
import { AudioResilienceManager, type AudioStatus, type ContextLike } from './audio-resilience';

/** A context the browser keeps suspended until a gesture has happened (Chrome's autoplay policy). */
class FakeContext implements ContextLike {
  state = 'suspended';
  gesture = false;
  private readonly listeners = new Set<() => void>();
  resume(): Promise<void> {
    if (!this.gesture) return Promise.reject(new Error('NotAllowedError'));
    this.set('running');
    return Promise.resolve();
  }
  set(state: string) {
    this.state = state;
    for (const l of this.listeners) l();
  }
  addEventListener(_t: 'statechange', l: () => void) {
    this.listeners.add(l);
  }
  removeEventListener(_t: 'statechange', l: () => void) {
    this.listeners.delete(l);
  }
}

class FakeTarget {
  readonly handlers = new Map<string, () => void>();
  addEventListener(type: string, l: () => void) {
    this.handlers.set(type, l);
  }
  removeEventListener(type: string) {
    this.handlers.delete(type);
  }
  fire(type: string) {
    this.handlers.get(type)?.();
  }
}

function setup() {
  const ctx = new FakeContext();
  const doc = new FakeTarget();
  const devices = new FakeTarget();
  const manager = new AudioResilienceManager(() => ctx, doc, devices);
  const seen: AudioStatus[] = [];
  manager.subscribe((s) => seen.push(s));
  return { ctx, doc, devices, manager, seen };
}

describe('AudioResilienceManager', () => {
  it('reports blocked when autoplay is refused, and recovers on the next gesture', async () => {
    const { ctx, doc, manager, seen } = setup();
    manager.context();
    manager.wantPlayback();
    await Promise.resolve();
    await Promise.resolve();
    expect(manager.current).toBe('blocked');
    ctx.gesture = true;
    doc.fire('pointerdown');
    await Promise.resolve();
    expect(manager.current).toBe('running');
    expect(seen).toEqual(['blocked', 'running']);
  });

  it('resumes a context the browser suspended later (background tab, call) without a new context', async () => {
    const { ctx, manager } = setup();
    ctx.gesture = true;
    const made = manager.context();
    manager.wantPlayback();
    await Promise.resolve();
    expect(manager.current).toBe('running');
    ctx.set('suspended');
    expect(manager.current).toBe('blocked');
    manager.wantPlayback();
    await Promise.resolve();
    expect(manager.current).toBe('running');
    expect(manager.context()).toBe(made);
  });

  it('retries on an output device change, and stays quiet when nothing wants to play', async () => {
    const { ctx, devices, manager } = setup();
    manager.context();
    expect(manager.current).toBe('idle');
    ctx.gesture = true;
    devices.fire('devicechange');
    await Promise.resolve();
    expect(manager.current).toBe('running');
    ctx.set('suspended');
    manager.idle();
    expect(manager.current).toBe('idle');
  });

  it('removes its listeners when disposed', () => {
    const { doc, devices, manager } = setup();
    manager.dispose();
    expect(doc.handlers.size).toBe(0);
    expect(devices.handlers.size).toBe(0);
  });
});
