// The browser's verified model reader (web/src/lib/model-files) against the server's real model store (the
// mirror at /models): a pulled test-tiny-xtts is read, every file checked against the sha256 the pull recorded
// (served through the Hub-style listing), and XttsModel loads from it; a file corrupted on the server's disk is
// refused with MODEL_CORRUPTED (C3) instead of being loaded.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { XttsModel } from '../core/src/speech/xtts/index.ts';
import type { XttsSession } from '../core/src/speech/xtts/index.ts';
import { installTinyXtts } from '../models/src/fixtures/index.ts';
import { buildApp } from '../sync-server/test/helpers.ts';
import { createModelStoreRoutes } from '../sync-server/src/routes/model-store/index.ts';
import { createMemoryModelFileCache, createVerifiedModelReader } from '../web/src/lib/model-files/index.ts';

let store: string;
let installed: Awaited<ReturnType<typeof installTinyXtts>>;

beforeAll(async () => {
  store = mkdtempSync(join(tmpdir(), 'mirror-contract-'));
  installed = await installTinyXtts(store);
});
afterAll(() => rmSync(store, { recursive: true, force: true }));

function mirrorFetch(): typeof fetch {
  const { app } = buildApp({ routes: [{ path: '/models', routes: createModelStoreRoutes({ modelsDir: store }) }] });
  return (input, init) => Promise.resolve(app.request(String(input), init));
}

function reader() {
  return createVerifiedModelReader({
    base: 'http://localhost/models/',
    repo: installed.repo,
    revision: 'main',
    cache: createMemoryModelFileCache(),
    fetch: mirrorFetch(),
    storage: null,
    retryDelayMs: 0,
  });
}

describe('verified reader ← server mirror', () => {
  it('reads each pulled file byte for byte, trusting the hashes the pull recorded', async () => {
    const read = reader();
    for (const path of ['metadata.json', 'vocab.json', installed.gptFile, 'embeddings/mel_embedding.npy']) {
      const bytes = await read(path);
      const onDisk = readFileSync(join(installed.dir, path));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(onDisk).digest('hex'));
    }
  });

  it('loads XttsModel entirely through the reader (sessions created from the verified bytes, as the browser does)', async () => {
    const read = reader();
    const model = await XttsModel.load({
      readFile: read,
      createSession: async (_graph, file) => (await ort.InferenceSession.create(await read(file))) as unknown as XttsSession,
      tensor: (type, data, dims) => new ort.Tensor(type, data, [...dims]),
      gptFile: installed.gptFile,
    });
    expect(model.config.sampleRate).toBe(24_000);
    expect(model.tokenize('Hello there.')[0]?.length).toBeGreaterThan(2);
  });

  it('refuses a file whose bytes changed on the server after the pull (same size, other content)', async () => {
    const path = join(installed.dir, 'vocab.json');
    const original = readFileSync(path);
    const tampered = Buffer.from(original);
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = (tampered[middle] ?? 0) ^ 0x20;
    writeFileSync(path, tampered);
    try {
      await expect(reader()('vocab.json')).rejects.toMatchObject({ code: 'MODEL_CORRUPTED' });
    } finally {
      writeFileSync(path, original);
    }
  });
});
