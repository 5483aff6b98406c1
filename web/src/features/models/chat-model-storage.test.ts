import { describe, expect, it } from 'vitest';
import { listStoredChatModels, removeStoredChatModel, repoOf } from './chat-model-storage';

class FakeCache {
  constructor(readonly entries: Map<string, Response>) {}
  async keys() {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
  async match(request: Request) {
    return this.entries.get(request.url);
  }
  async delete(url: string) {
    return this.entries.delete(url);
  }
}

function fakeStorage(caches: Record<string, Record<string, number>>): CacheStorage {
  const made = new Map(
    Object.entries(caches).map(([name, files]) => [
      name,
      new FakeCache(
        new Map(
          Object.entries(files).map(([url, size]) => [
            url,
            new Response(null, { headers: { 'content-length': String(size) } }),
          ]),
        ),
      ),
    ]),
  );
  return {
    keys: async () => [...made.keys()],
    open: async (name: string) => made.get(name)!,
  } as unknown as CacheStorage;
}

describe('chat model storage', () => {
  it('names the repository in Hub-style URLs, from any host', () => {
    expect(repoOf('https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/resolve/main/onnx/model_q4.onnx')).toBe(
      'onnx-community/Qwen2.5-0.5B-Instruct',
    );
    expect(repoOf('http://localhost:3000/models/companion-test/test-tiny-llm/resolve/main/config.json')).toBe(
      'companion-test/test-tiny-llm',
    );
  });
  it('sums files per model across the engines’ caches, largest first, and removes one model only', async () => {
    const storage = fakeStorage({
      'transformers-cache': {
        'https://huggingface.co/a/small/resolve/main/config.json': 100,
        'https://huggingface.co/b/big/resolve/main/onnx/model.onnx': 5000,
        'https://huggingface.co/b/big/resolve/main/tokenizer.json': 200,
      },
      'unrelated-cache': { 'https://example.com/x': 1 },
    });
    const models = await listStoredChatModels(storage);
    expect(models.map((m) => [m.repo, m.files, m.bytes])).toEqual([
      ['b/big', 2, 5200],
      ['a/small', 1, 100],
    ]);
    await removeStoredChatModel(models[0]!, storage);
    expect((await listStoredChatModels(storage)).map((m) => m.repo)).toEqual(['a/small']);
  });
});
