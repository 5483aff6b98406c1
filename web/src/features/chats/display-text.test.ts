import { describe, expect, it } from 'vitest';
import { displayText, firstSentenceEnd } from './display-text';

describe('displayText', () => {
  const names = { char: 'Aria', user: 'Sam' };
  it('replaces {{char}}, {{user}}, <BOT> and <USER> in any case', () => {
    expect(displayText('{{char}} waves at {{USER}}. <BOT> and <user>!', names)).toBe(
      'Aria waves at Sam. Aria and Sam!',
    );
    expect(displayText('{{ char }}', names)).toBe('Aria');
  });
  it('leaves other macros and braces alone', () => {
    expect(displayText('{{random:a,b}} {x}', names)).toBe('{{random:a,b}} {x}');
  });
});

describe('firstSentenceEnd', () => {
  it('is -1 until a sentence is complete and something follows it', () => {
    expect(firstSentenceEnd('Hello there')).toBe(-1);
    expect(firstSentenceEnd('Hello there!')).toBe(-1);
    expect(firstSentenceEnd('Hello there! I')).toBe(11);
  });
  it('does not end a sentence inside a number', () => {
    expect(firstSentenceEnd('It costs 3.50 now')).toBe(-1);
  });
});
