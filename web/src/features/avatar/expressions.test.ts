import { describe, expect, it } from 'vitest';
import { pickExpression } from './expressions';

describe('pickExpression', () => {
  it('prefers an expression named for the mood', () => {
    expect(pickExpression(['normal', 'Smile', 'Angry', 'Sad'], 'happy')).toBe(1);
    expect(pickExpression(['normal', 'Smile', 'Angry', 'Sad'], 'sad')).toBe(3);
  });

  it('picks a stable index on models with numbered expressions (f01…), wrapping around', () => {
    expect(pickExpression(['f01', 'f02', 'f03', 'f04'], 'happy')).toBe(1);
    expect(pickExpression(['f01', 'f02', 'f03', 'f04'], 'shy')).toBe(1);
    expect(pickExpression(['f01', 'f02', 'f03', 'f04'], 'happy')).toBe(pickExpression(['f01', 'f02', 'f03', 'f04'], 'happy'));
  });

  it('answers -1 for a model without expressions or an unknown mood', () => {
    expect(pickExpression([], 'happy')).toBe(-1);
    expect(pickExpression(['f01'], 'bored')).toBe(-1);
  });
});
