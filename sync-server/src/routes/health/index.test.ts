// /, /health and /api/status: version, uptime from the injected clock, storage state, provider states.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.ts';
import { buildApp } from '../../../test/helpers.ts';
import type { ProviderProbe } from './index.ts';

const llm: ProviderProbe = { name: 'onnx-cpu', capability: 'llm', status: async () => ({ state: 'ready' }) };
const tts: ProviderProbe = { name: 'espeak', capability: 'tts', status: async () => ({ state: 'loading', detail: '40%' }) };
const broken: ProviderProbe = { name: 'xtts', capability: 'tts', status: async () => Promise.reject(new Error('gpu on fire')) };

describe('health routes', () => {
  it('reports version, uptime from the clock, storage and each provider', async () => {
    const clock = new ManualClock();
    const { app } = buildApp({ clock, storage: { kind: 'sqlite', check: async () => true }, providers: [llm, tts, broken] });
    clock.advance(90_000);
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      uptimeSeconds: 90,
      storage: { kind: 'sqlite', ok: true },
      providers: [
        { name: 'onnx-cpu', capability: 'llm', state: 'ready' },
        { name: 'espeak', capability: 'tts', state: 'loading', detail: '40%' },
        { name: 'xtts', capability: 'tts', state: 'error', detail: 'status check failed' },
      ],
    });
  });

  it('answers 503 "degraded" when storage does not answer', async () => {
    const { app } = buildApp({ storage: { kind: 'postgres', check: async () => Promise.reject(new Error('down')) } });
    const res = await app.request('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded', storage: { kind: 'postgres', ok: false } });
  });

  it('probes at most once per second however often it is asked, then again after that', async () => {
    const clock = new ManualClock();
    let checks = 0;
    let state: 'ready' | 'loading' = 'loading';
    const counted: ProviderProbe = { name: 'p', capability: 'llm', status: async () => ({ state }) };
    const { app } = buildApp({ clock, storage: { kind: 'sqlite', check: async () => (checks++, true) }, providers: [counted] });
    await Promise.all(Array.from({ length: 20 }, () => app.request('/health')));
    expect(checks).toBe(1);
    state = 'ready';
    clock.advance(999);
    expect(((await (await app.request('/api/status')).json()) as { llm: { available: boolean } }).llm.available).toBe(false);
    clock.advance(1);
    await app.request('/health');
    expect(checks).toBe(2);
    expect(((await (await app.request('/api/status')).json()) as { llm: { available: boolean } }).llm.available).toBe(true);
  });

  it('says plainly when no LLM provider is configured', async () => {
    const { app } = buildApp();
    const body = (await (await app.request('/api/status')).json()) as { llm: { available: boolean; message: string; providers: unknown[] } };
    expect(body.llm.available).toBe(false);
    expect(body.llm.providers).toEqual([]);
    expect(body.llm.message).toMatch(/No LLM provider is configured/);
  });

  it('lists only LLM providers in /api/status', async () => {
    const { app } = buildApp({ providers: [llm, tts] });
    const body = (await (await app.request('/api/status')).json()) as { llm: { available: boolean; providers: { name: string }[] } };
    expect(body.llm.available).toBe(true);
    expect(body.llm.providers.map((p) => p.name)).toEqual(['onnx-cpu']);
  });
});
