import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../db/records';
import { effectiveSampling } from './sampling';

describe('effectiveSampling', () => {
  it('is the global defaults for a chat without overrides', () => {
    expect(effectiveSampling(DEFAULT_SETTINGS, { sampling: {} })).toEqual(DEFAULT_SETTINGS.sampling);
    expect(effectiveSampling(DEFAULT_SETTINGS, null)).toEqual(DEFAULT_SETTINGS.sampling);
  });
  it("takes the chat's own values field by field, including 0", () => {
    const result = effectiveSampling(DEFAULT_SETTINGS, { sampling: { temperature: 0, stop: ['###'] } });
    expect(result.temperature).toBe(0);
    expect(result.stop).toEqual(['###']);
    expect(result.topP).toBe(DEFAULT_SETTINGS.sampling.topP);
  });
  it('ignores cleared (undefined) overrides', () => {
    expect(effectiveSampling(DEFAULT_SETTINGS, { sampling: { temperature: undefined } }).temperature).toBe(
      DEFAULT_SETTINGS.sampling.temperature,
    );
  });
});
