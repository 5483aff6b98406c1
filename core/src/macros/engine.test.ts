import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_NAME, expandMacros, macroContext, type MacroContext } from './engine';
import { seededRandom } from './rng';

const NOW = new Date('2026-03-04T15:07:00Z');
const ctx = (more: Partial<MacroContext> = {}): MacroContext =>
  macroContext({ chatId: 'chat-1', char: 'Ann', user: 'Bob', now: NOW, timeZone: 'UTC', ...more });
const x = (text: string, more: Partial<MacroContext> = {}) => expandMacros(text, ctx(more)).text;

describe('names', () => {
  it('expands {{char}}, {{user}}, <BOT> and <USER>, case-insensitively', () => {
    expect(x('{{char}} {{CHAR}} {{Char}} <BOT> <bot>')).toBe('Ann Ann Ann Ann Ann');
    expect(x('{{user}} {{USER}} <USER> <User>')).toBe('Bob Bob Bob Bob');
  });

  it('has a default user name', () => {
    expect(DEFAULT_USER_NAME).not.toBe('');
    expect(expandMacros('{{user}}', macroContext({ chatId: 'c' })).text).toBe(DEFAULT_USER_NAME);
  });
});

describe('{{original}}', () => {
  it('expands only when the caller gives the replaced prompt', () => {
    expect(x('A {{original}} B', { original: 'global' })).toBe('A global B');
    expect(x('A {{original}} B')).toBe('A  B');
  });
});

describe('random, pick and roll', () => {
  it('{{random}} picks one option with V3 and ST syntax, \\, escaping a comma', () => {
    for (let i = 0; i < 20; i++) {
      expect(['a', 'b', 'c']).toContain(x('{{random:a,b,c}}', { random: seededRandom(i) }));
      expect(['x y', 'z']).toContain(x('{{random::x y::z}}', { random: seededRandom(i) }));
      expect(['1,5', '2']).toContain(x('{{random:1\\,5,2}}', { random: seededRandom(i) }));
    }
  });

  it('{{random}} is reproducible with a seed and varies without one fixed', () => {
    const seq = (seed: number) => Array.from({ length: 10 }, () => x('{{random:a,b,c,d,e,f}}', { random: seededRandom(seed) })).join('');
    expect(seq(1)).toBe(seq(1));
    const r = seededRandom(9);
    const seen = new Set(Array.from({ length: 50 }, () => x('{{random:a,b,c,d}}', { random: r })));
    expect(seen.size).toBeGreaterThan(1);
  });

  it('{{pick}} is stable for one chat and differs across chats', () => {
    const text = '{{pick:a,b,c,d,e,f,g,h}}';
    const inChat = new Set(Array.from({ length: 10 }, (_, i) => x(text, { random: seededRandom(i) })));
    expect(inChat.size).toBe(1);
    const across = new Set(Array.from({ length: 30 }, (_, i) => x(text, { chatId: `chat-${i}` })));
    expect(across.size).toBeGreaterThan(1);
    expect(['p', 'q']).toContain(x('{{pick::p::q}}'));
  });

  it('{{roll}} accepts 20, d20, 1d20 and 2d6+3 within range', () => {
    for (let i = 0; i < 30; i++) {
      const r = seededRandom(i);
      for (const f of ['{{roll:20}}', '{{roll:d20}}', '{{roll::1d20}}']) {
        const v = Number(x(f, { random: r }));
        expect(v).toBeGreaterThanOrEqual(1);
        expect(v).toBeLessThanOrEqual(20);
      }
      const v = Number(x('{{roll:2d6+3}}', { random: r }));
      expect(v).toBeGreaterThanOrEqual(5);
      expect(v).toBeLessThanOrEqual(15);
    }
  });
});

describe('V3 text macros', () => {
  it('removes comments, keeps hidden keys for the lorebook and comments for the user', () => {
    const r = expandMacros('a{{// note}}b{{hidden_key:dragon}}c{{comment:Read me}}d', ctx());
    expect(r.text).toBe('abcd');
    expect(r.hiddenKeys).toEqual(['dragon']);
    expect(r.comments).toEqual(['Read me']);
    expect(expandMacros('{{comment:Read me}}', ctx({ mode: 'display' })).text).toBe('Read me');
  });

  it('reverses', () => {
    expect(x('{{reverse:abc}}')).toBe('cba');
  });
});

describe('SillyTavern macros', () => {
  it('formats time and dates', () => {
    expect(x('{{time}}')).toBe('3:07 PM');
    expect(x('{{date}}')).toBe('March 4, 2026');
    expect(x('{{weekday}}')).toBe('Wednesday');
    expect(x('{{isotime}}')).toBe('15:07');
    expect(x('{{isodate}}')).toBe('2026-03-04');
  });

  it('reads the last messages and the idle time', () => {
    const messages = [
      { role: 'user' as const, content: 'u1', sendDate: NOW.getTime() - 3 * 3600_000 },
      { role: 'assistant' as const, content: 'a1' },
      { role: 'user' as const, content: 'u2', sendDate: NOW.getTime() - 10 * 60_000 },
      { role: 'system' as const, content: 's' },
    ];
    expect(x('{{lastMessage}}|{{lastUserMessage}}|{{lastCharMessage}}', { messages })).toBe('s|u2|a1');
    expect(x('{{idle_duration}}', { messages })).toBe('10 minutes');
  });

  it('handles newline, trim and variables', () => {
    expect(x('a{{newline}}b')).toBe('a\nb');
    expect(x('a\n\n{{trim}}\nb')).toBe('ab');
    const vars: Record<string, string> = {};
    expect(x('{{setvar::mood::happy}}I am {{getvar::mood}}.', { vars })).toBe('I am happy.');
    expect(vars.mood).toBe('happy');
    expect(x('[{{getvar::missing}}]')).toBe('[]');
  });

  it('matches every macro name case-insensitively', () => {
    expect(x('{{RANDOM:a}}|{{Pick::b}}|{{ROLL:1}}|{{REVERSE:ab}}|{{NewLine}}|{{ISODATE}}')).toBe('a|b|1|ba|\n|2026-03-04');
    const r = expandMacros('{{HIDDEN_KEY:k}}{{Comment:c}}', ctx());
    expect([r.text, r.hiddenKeys, r.comments]).toEqual(['', ['k'], ['c']]);
  });

  it('leaves unknown macros and nests known ones', () => {
    expect(x('{{unknownthing}}')).toBe('{{unknownthing}}');
    expect(['Bob', 'x']).toContain(x('{{random:{{user}},x}}'));
  });
});
