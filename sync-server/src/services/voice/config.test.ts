// Voice settings: XTTS_MODEL names a pulled voice model (id, optional @quant); XTTS_MODEL_DIR and XTTS_MODEL exclude each other.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../env.ts';
import { loadVoiceConfig } from './config.ts';

describe('loadVoiceConfig: XTTS', () => {
  it('has no XTTS by default', () => {
    expect(loadVoiceConfig({})).toMatchObject({ xttsModelDir: undefined, xttsModel: undefined });
  });

  it('reads XTTS_MODEL as id and optional quant, from the environment or config.json', () => {
    expect(loadVoiceConfig({ XTTS_MODEL: 'xtts-v2' }).xttsModel).toEqual({ id: 'xtts-v2', quant: undefined });
    expect(loadVoiceConfig({ XTTS_MODEL: 'xtts-v2@int8' }).xttsModel).toEqual({ id: 'xtts-v2', quant: 'int8' });
    expect(loadVoiceConfig({}, { XTTS_MODEL: 'test-tiny-xtts@fp32' }).xttsModel).toEqual({ id: 'test-tiny-xtts', quant: 'fp32' });
  });

  it('resolves XTTS_MODEL_DIR against the working directory', () => {
    expect(loadVoiceConfig({ XTTS_MODEL_DIR: 'models/xtts' }, {}, '/srv/app').xttsModelDir).toBe('/srv/app/models/xtts');
  });

  it.each(['XTTS-V2', 'xtts-v2@', 'xtts-v2@int8@fp32', '../x', 'x', 'xtts v2', 'a'.repeat(90)])('refuses XTTS_MODEL=%j, naming the setting', (value) => {
    const err = (() => {
      try {
        loadVoiceConfig({ XTTS_MODEL: value });
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).keys).toEqual(['XTTS_MODEL']);
  });

  it('refuses XTTS_MODEL_DIR together with XTTS_MODEL', () => {
    expect(() => loadVoiceConfig({ XTTS_MODEL_DIR: '/x', XTTS_MODEL: 'xtts-v2' })).toThrow(/not both/);
  });
});
