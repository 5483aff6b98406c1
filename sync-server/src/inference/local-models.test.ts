// C3 on the server: a pulled model whose files no longer match their manifest is refused, never loaded.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installTinyLlm, tinyLlmCatalogEntry, ensureTinyLlm } from '../../../models/src/fixtures/index.ts';
import { LocalModelIndex } from './local-models.ts';

async function storeWithTinyModel() {
  const store = mkdtempSync(join(tmpdir(), 'local-models-'));
  const installed = await installTinyLlm(store);
  const index = new LocalModelIndex([tinyLlmCatalogEntry(ensureTinyLlm())], store);
  return { store, installed, index };
}

describe('LocalModelIndex integrity (C3)', () => {
  it('finds an intact pulled model', async () => {
    const { index, installed } = await storeWithTinyModel();
    expect(await index.find(installed.id)).toMatchObject({ id: installed.id, dir: installed.dir });
    expect(await index.downloadedIds()).toEqual([installed.id]);
  });

  it('refuses a file corrupted in place (same size, different bytes)', async () => {
    const { index, installed } = await storeWithTinyModel();
    const graph = join(installed.dir, 'onnx', 'model.onnx');
    const bytes = readFileSync(graph);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
    writeFileSync(graph, bytes);
    await expect(index.find(installed.id)).rejects.toMatchObject({ code: 'MODEL_CORRUPTED', status: 409 });
    expect(await index.downloadedIds()).toEqual([]);
  });

  it('refuses a truncated file even after the model passed once', async () => {
    const { index, installed } = await storeWithTinyModel();
    expect(await index.find(installed.id)).not.toBeNull();
    const tokenizer = join(installed.dir, 'tokenizer.json');
    writeFileSync(tokenizer, readFileSync(tokenizer).subarray(0, 100));
    await expect(index.find(installed.id)).rejects.toMatchObject({ code: 'MODEL_CORRUPTED' });
  });
});
