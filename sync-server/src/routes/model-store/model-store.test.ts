import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, errorBody } from '../../../test/helpers.ts';
import { parseRange } from '../../lib/send-file.ts';
import { createModelStoreRoutes, parseHubPath } from './index.ts';

let modelsDir: string;
const weights = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

beforeAll(() => {
  modelsDir = mkdtempSync(join(tmpdir(), 'model-store-'));
  mkdirSync(join(modelsDir, 'acme', 'tiny', 'onnx'), { recursive: true });
  writeFileSync(join(modelsDir, 'acme', 'tiny', 'config.json'), '{"model_type":"llama"}');
  writeFileSync(join(modelsDir, 'acme', 'tiny', 'onnx', 'model.onnx'), weights);
  writeFileSync(join(modelsDir, 'acme', 'tiny', 'onnx', 'model.onnx.part'), 'partial');
  // The puller's layout: one folder per revision.
  mkdirSync(join(modelsDir, 'acme', 'pulled', 'resolve', 'abc123'), { recursive: true });
  writeFileSync(join(modelsDir, 'acme', 'pulled', 'resolve', 'abc123', 'config.json'), '{"pulled":true}');
  const outside = mkdtempSync(join(tmpdir(), 'outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  symlinkSync(join(outside, 'secret.txt'), join(modelsDir, 'acme', 'tiny', 'link.txt'));
});

function app() {
  return buildApp({ routes: [{ path: '/models', routes: createModelStoreRoutes({ modelsDir }) }] }).app;
}

describe('model store served in Hugging Face layout', () => {
  it('parses hub paths with and without an owner', () => {
    expect(parseHubPath('acme/tiny/resolve/main/onnx/model.onnx')).toEqual({ repo: 'acme/tiny', revision: 'main', file: 'onnx/model.onnx' });
    expect(parseHubPath('tiny/resolve/v1/config.json')).toEqual({ repo: 'tiny', revision: 'v1', file: 'config.json' });
    expect(parseHubPath('acme/tiny/config.json')).toBeNull();
  });

  it('serves a file without authentication, as a mirror must', async () => {
    const res = await app().request('/models/acme/tiny/resolve/main/config.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ model_type: 'llama' });
  });

  it("serves the puller's per-revision layout, and only the revision asked for", async () => {
    const res = await app().request('/models/acme/pulled/resolve/abc123/config.json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ pulled: true });
    expect((await app().request('/models/acme/pulled/resolve/other/config.json')).status).toBe(404);
  });

  it('answers byte ranges so interrupted downloads resume', async () => {
    const res = await app().request('/models/acme/tiny/resolve/main/onnx/model.onnx', { headers: { range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(weights.slice(100, 200));
    const tail = await app().request('/models/acme/tiny/resolve/main/onnx/model.onnx', { headers: { range: 'bytes=990-' } });
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(weights.slice(990));
    const bad = await app().request('/models/acme/tiny/resolve/main/onnx/model.onnx', { headers: { range: 'bytes=5000-' } });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe('bytes */1000');
  });

  it('sends the whole file when If-Range no longer matches', async () => {
    const res = await app().request('/models/acme/tiny/resolve/main/onnx/model.onnx', {
      headers: { range: 'bytes=0-9', 'if-range': 'W/"stale"' },
    });
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(1000);
  });

  it('never serves partial downloads, traversal, or symlinks leading out of the store', async () => {
    for (const path of [
      '/models/acme/tiny/resolve/main/onnx/model.onnx.part',
      '/models/acme/tiny/resolve/main/missing.json',
      '/models/acme/tiny/resolve/main/link.txt',
      '/models/acme/tiny/resolve/main/%2e%2e/%2e%2e/etc/passwd',
      '/models/acme/tiny/config.json',
    ]) {
      const res = await app().request(path);
      expect([400, 404], path).toContain(res.status);
      const body = await errorBody(res);
      expect(body.message).not.toContain(modelsDir);
    }
  });
});

describe('parseRange', () => {
  it.each([
    ['bytes=0-0', 10, { start: 0, end: 0 }],
    ['bytes=-3', 10, { start: 7, end: 9 }],
    ['bytes=5-100', 10, { start: 5, end: 9 }],
    ['bytes=10-', 10, 'unsatisfiable'],
    ['bytes=-0', 10, 'unsatisfiable'],
    ['bytes=3-1', 10, 'unsatisfiable'],
    ['bytes=0-1,4-5', 10, null],
    ['items=0-1', 10, null],
    [undefined, 10, null],
  ] as const)('%s of %d bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});
