import { describe, expect, it } from 'vitest';
import { uniqueCardName } from './names';

describe('uniqueCardName', () => {
  it('keeps a free name and numbers a taken one, never reusing another card\'s name', () => {
    expect(uniqueCardName('Ann', ['Bob'])).toBe('Ann');
    expect(uniqueCardName('Ann', ['ann'])).toBe('Ann (2)');
    expect(uniqueCardName('Ann', ['Ann', 'Ann (2)', 'Ann (3)'])).toBe('Ann (4)');
    expect(uniqueCardName('  ', [])).toBe('Unnamed');
  });
});
