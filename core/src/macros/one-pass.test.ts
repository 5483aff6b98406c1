// Macros expand once: what a macro returns (client text, variables, names) is never scanned as a template again.
import { describe, expect, it } from 'vitest';
import { expandMacros, macroContext, type MacroContext } from './engine';
import { PromptTooLargeError } from './scan';
import { seededRandom } from './rng';

const ctx = (more: Partial<MacroContext> = {}): MacroContext =>
  macroContext({ chatId: 'c', char: 'Ann', user: 'Bob', now: new Date('2026-03-04T15:07:00Z'), timeZone: 'UTC', ...more });
const said = (content: string) => ({ messages: [{ role: 'user' as const, content }] });
const x = (text: string, more: Partial<MacroContext> = {}) => expandMacros(text, ctx(more)).text;

describe('one pass', () => {
  it('inserts client text as it is, macros and all', () => {
    const msg = '{{lastUserMessage}}{{char}}<BOT>{{random:a,b}}{{setvar::k::v}}';
    expect(x('[{{lastUserMessage}}]', said(msg))).toBe(`[${msg}]`);
    expect(x('{{lastMessage}}|{{lastCharMessage}}', { messages: [{ role: 'assistant', content: '{{user}}' }] })).toBe('{{user}}|{{user}}');
  });

  it('does not grow a message by re-expansion: k copies of k copies stay k times the message', () => {
    const k = 50;
    const msg = '{{lastusermessage}}'.repeat(k);
    expect(x('{{lastusermessage}}'.repeat(k), said(msg))).toBe(msg.repeat(k));
  });

  it('never re-scans variables, names, the replaced prompt or reversed text', () => {
    const vars = { v: '{{char}}', w: '{{getvar::v}}' };
    expect(x('{{getvar::v}}/{{getvar::w}}', { vars })).toBe('{{char}}/{{getvar::v}}');
    expect(x('{{char}} <BOT> {{user}} <USER>', { char: '{{user}}', user: '<BOT>' })).toBe('{{user}} {{user}} <BOT> <BOT>');
    expect(x('{{original}}', { original: '{{char}}' })).toBe('{{char}}');
    expect(x('{{reverse:{{lastUserMessage}}}}', said('}}rahc{{'))).toBe('{{char}}');
  });

  it('nests macros written in the template: inner ones are arguments, expanded once', () => {
    expect(['Bob', 'x']).toContain(x('{{random:{{user}},x}}'));
    expect(x('{{setvar::k::{{char}}}}{{getvar::k}}')).toBe('Ann');
    expect(x('{{reverse:{{char}}}}')).toBe('nnA');
    // A comma in the client's text is not a separator of the template's list.
    for (let i = 0; i < 10; i++) expect(['a,b', 'y']).toContain(x('{{random:{{lastUserMessage}},y}}', { ...said('a,b'), random: seededRandom(i) }));
    expect(x('{{unknown:{{char}}}}')).toBe('{{unknown:Ann}}');
    expect(x('{{{char}}}')).toBe('{Ann}');
  });

  it('throws PROMPT_TOO_LARGE past the budget instead of building a huge string', () => {
    const msg = 'x'.repeat(10_000);
    const template = '{{lastUserMessage}}'.repeat(1000);
    expect(() => expandMacros(template, ctx(said(msg)), { remaining: 1_000_000 })).toThrow(PromptTooLargeError);
    expect(() => expandMacros(template, ctx(said(msg)))).toThrow(expect.objectContaining({ code: 'PROMPT_TOO_LARGE' }));
    expect(expandMacros(template, ctx(said('y')), { remaining: 1000 }).text).toBe('y'.repeat(1000));
  });

  it('survives deep or unbalanced braces', () => {
    const deep = '{{random:'.repeat(5000) + 'a' + '}}'.repeat(5000);
    expect(typeof x(deep)).toBe('string');
    expect(x('{{char}')).toBe('{{char}');
    expect(x('{{'.repeat(1000))).toBe('{{'.repeat(1000));
  });
});
