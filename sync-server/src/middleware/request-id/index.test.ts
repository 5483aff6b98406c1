// Request ids: generated when absent, echoed when safe, replaced when they could inject into headers or logs.
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../test/helpers.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request id', () => {
  it('generates a fresh UUID per request', async () => {
    const { app } = buildApp();
    const a = (await app.request('/health')).headers.get('x-request-id');
    const b = (await app.request('/health')).headers.get('x-request-id');
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(a).not.toBe(b);
  });

  it('echoes a safe incoming id, also into error bodies and logs', async () => {
    const { app, logs } = buildApp();
    const res = await app.request('/missing', { headers: { 'x-request-id': 'proxy-abc.123' } });
    expect(res.headers.get('x-request-id')).toBe('proxy-abc.123');
    expect(((await res.json()) as { error: { requestId: string } }).error.requestId).toBe('proxy-abc.123');
    expect(logs.lines.some((l) => (JSON.parse(l) as { requestId?: string }).requestId === 'proxy-abc.123')).toBe(true);
  });

  it.each(['has space', 'x'.repeat(129), '<script>', 'a"b', ''])('replaces an unsafe incoming id %j', async (id) => {
    const { app } = buildApp();
    const res = await app.request('/health', { headers: { 'x-request-id': id } });
    expect(res.headers.get('x-request-id')).toMatch(UUID);
  });
});
