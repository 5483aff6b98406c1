import { describe, expect, it } from 'vitest';
import { CLONE_PREFIX, clonedVoiceIdOf, cloneVoiceId } from './voice-ids';

describe('clone voice ids', () => {
  it('round-trips and refuses everything else', () => {
    expect(cloneVoiceId('abc')).toBe('clone:abc');
    expect(clonedVoiceIdOf(cloneVoiceId('abc'))).toBe('abc');
    for (const other of ['en-us', 'espeak:en', 'server:clone:x', '', undefined, null, CLONE_PREFIX]) expect(clonedVoiceIdOf(other)).toBeNull();
  });
});
