// The web LLM loader's check against the server's real model store: a model the store lacks is MODEL_NOT_ON_SERVER
// with the command that installs it (never transformers.js's "reading 'tokenizer_class'"), a model missing a file is
// MODEL_FILE_MISSING naming it, and an installed one passes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { installTinyLlm, TINY_LLM_REPO } from '../models/src/fixtures/index.ts';
import { buildApp } from '../sync-server/test/helpers.ts';
import { createModelStoreRoutes } from '../sync-server/src/routes/model-store/index.ts';
import { checkServerHasModel } from '../web/src/workers/llm/engines/model-check.ts';

const store = mkdtempSync(join(tmpdir(), 'not-on-server-'));
afterAll(() => rmSync(store, { recursive: true, force: true }));

const { app } = buildApp({ routes: [{ path: '/models', routes: createModelStoreRoutes({ modelsDir: store }) }] });
const serverFetch: typeof fetch = (input, init) => Promise.resolve(app.request(String(input), init));
const ref = { id: TINY_LLM_REPO, host: 'http://localhost/models/' };

it('names the missing model and how to install it, then the missing precision, then passes', async () => {
  await expect(checkServerHasModel(ref, 'fp32', serverFetch)).rejects.toMatchObject({
    code: 'MODEL_NOT_ON_SERVER',
    message: expect.stringMatching(/no model "companion-test\/test-tiny-llm".*npm run models -- fixtures/),
  });
  await installTinyLlm(store);
  await expect(checkServerHasModel(ref, 'q4', serverFetch)).rejects.toMatchObject({
    code: 'MODEL_FILE_MISSING',
    message: expect.stringContaining('onnx/model_q4.onnx'),
  });
  await expect(checkServerHasModel(ref, 'fp32', serverFetch)).resolves.toBeUndefined();
});
