// Property: any client text reaches the prompt exactly as sent, whatever braces or macro names it holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandMacros, macroContext } from './engine';

const piece = fc.constantFrom('{{char}}', '{{lastUserMessage}}', '{{random:a,b}}', '{{getvar::v}}', '{{', '}}', '{', '}', ':', '::', ',', '\\,', '<BOT>', '<user>', 'char', 'user', 'lastusermessage', 'random', 'getvar', 'setvar', 'x', '\n', '//', 'trim');
const text = fc.array(fc.oneof(piece, fc.string({ maxLength: 3 })), { maxLength: 30 }).map((a) => a.join(''));

describe('client text is inserted verbatim', () => {
  it('for {{lastUserMessage}}, {{getvar}} and {{original}}', () => {
    fc.assert(
      fc.property(text, (s) => {
        const ctx = macroContext({ chatId: 'c', char: 'Ann', messages: [{ role: 'user', content: s }], vars: { v: s }, original: s });
        expect(expandMacros('<{{lastUserMessage}}|{{getvar::v}}|{{original}}>', ctx).text).toBe(`<${s}|${s}|${s}>`);
      }),
      { numRuns: 500 },
    );
  });
});
