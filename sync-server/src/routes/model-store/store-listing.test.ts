// GET /models/api/models: the models in the store, parsed by the schema the web app reads it with.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { storeListingSchema } from '../../../../core/src/schemas/model-store.ts';
import { installTinyLlm, installTinyXtts } from '../../../../models/src/fixtures/index.ts';
import { buildApp } from '../../../test/helpers.ts';
import { createModelStoreRoutes } from './index.ts';

const store = mkdtempSync(join(tmpdir(), 'store-listing-'));
afterAll(() => rmSync(store, { recursive: true, force: true }));

const catalog = [{ id: 'test-tiny-llm', name: 'Test model: tiny LLM', testModel: true }];
const app = buildApp({ routes: [{ path: '/models', routes: createModelStoreRoutes({ modelsDir: store, catalog }) }] }).app;
const list = async () => {
  const res = await app.request('/models/api/models');
  expect(res.status).toBe(200);
  return storeListingSchema.parse(await res.json());
};

it('lists complete pulls by repository, with the catalog name and test label, and skips incomplete ones', async () => {
  expect(await list()).toEqual([]);
  await installTinyLlm(store);
  await installTinyXtts(store);
  expect(await list()).toEqual([
    { id: 'companion-test/test-tiny-llm', revision: 'main', catalogId: 'test-tiny-llm', runtime: 'onnx', quants: ['fp32'], name: 'Test model: tiny LLM', testModel: true },
    { id: 'companion-test/test-tiny-xtts', revision: 'main', catalogId: 'test-tiny-xtts', runtime: 'xtts', quants: ['fp32'] },
  ]);
  const manifest = join(store, '.manifests', 'test-tiny-xtts@fp32.json');
  writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), complete: false }));
  expect((await list()).map((m) => m.catalogId)).toEqual(['test-tiny-llm']);
});
