import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createEspeakEngine } from './espeak-engine';
import { importEspeakFactory, type EspeakFactory } from './espeak-module';

const require = createRequire(import.meta.url);

// Real models (espeak-ng, Silero) on a busy 2-core CI box: the timeout only guards against hangs.
describe('espeak-ng data supplied by the caller (the browser worker path)', { timeout: 60_000 }, () => {
  it('synthesises from .data bytes handed over through getPreloadedPackage, not the file beside the package', async () => {
    const dataPath = require.resolve('@echogarden/espeak-ng-emscripten/espeak-ng.data');
    const bytes = await readFile(dataPath);
    const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const requested: string[] = [];
    const loadFactory = async (): Promise<EspeakFactory> => {
      const real = await importEspeakFactory();
      return (args) =>
        real({
          ...args,
          getPreloadedPackage: (name, size) => {
            requested.push(name);
            expect(size).toBe(data.byteLength);
            return args.getPreloadedPackage!(name, size);
          },
        });
    };
    const engine = await createEspeakEngine({ data, loadFactory });
    const result = await engine.synthesize('Loaded from memory.');
    expect(requested).toEqual([expect.stringMatching(/espeak-ng\.data$/)]);
    expect(result.samples.length).toBeGreaterThan(22050 * 0.5);
    engine.dispose();
  });
});
