// One-pass template scanner: finds {{...}} macros (nesting allowed inside arguments), <BOT> and <USER>, and charges output to a budget.
import { CodedError } from '../errors/index';

/**
 * Characters one expansion (or one whole prompt, when the caller shares the budget) may produce. Without a
 * bound a template repeating {{lastUserMessage}} multiplies the client's message by the template's length.
 */
export const DEFAULT_MACRO_OUTPUT_CHARS = 2_000_000;

export interface MacroBudget {
  /** Characters still allowed; expansion throws PROMPT_TOO_LARGE when it would go below zero. */
  remaining: number;
}

export class PromptTooLargeError extends CodedError {
  constructor(limit?: number) {
    super(
      'PROMPT_TOO_LARGE',
      `The assembled prompt is too large${limit ? ` (over ${limit} characters)` : ''}: shorten the messages or the character's text.`,
    );
    this.name = 'PromptTooLargeError';
  }
}

export function charge(budget: MacroBudget, chars: number): void {
  budget.remaining -= chars;
  if (budget.remaining < 0) throw new PromptTooLargeError();
}

/** Where a macro's body starts and ends in the template, `{{` and `}}` excluded. */
export interface MacroSpan {
  start: number;
  bodyStart: number;
  bodyEnd: number;
  end: number;
}

/**
 * The `}}` that closes the `{{` whose body starts at `from`, counting nested pairs; -1 when unclosed.
 * Nesting depth is capped so a template of ten thousand `{{` cannot recurse the evaluator that deep.
 */
export function findClose(src: string, from: number, end: number): number {
  let depth = 0;
  for (let i = from; i < end - 1; i++) {
    if (src[i] === '{' && src[i + 1] === '{') {
      depth++;
      if (depth > MAX_NESTING) return -1;
      i++;
    } else if (src[i] === '}' && src[i + 1] === '}') {
      if (depth === 0) return i;
      depth--;
      i++;
    }
  }
  return -1;
}

export const MAX_NESTING = 16;

/**
 * Top-level positions of `sep` in [from, end): those not inside a nested {{...}}. With `escapable`, a
 * separator right after a backslash is literal (V3's `\,`).
 */
export function splitTopLevel(
  src: string,
  from: number,
  end: number,
  sep: string,
  escapable = false,
): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let depth = 0;
  let partStart = from;
  for (let i = from; i < end; i++) {
    if (src.startsWith('{{', i)) {
      depth++;
      i++;
    } else if (src.startsWith('}}', i) && depth > 0) {
      depth--;
      i++;
    } else if (depth === 0 && src.startsWith(sep, i) && !(escapable && src[i - 1] === '\\' && i > from)) {
      parts.push([partStart, i]);
      partStart = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push([partStart, end]);
  return parts;
}

/** Index of the first top-level `sep` in [from, end), or -1. */
export function indexOfTopLevel(src: string, from: number, end: number, sep: string): number {
  const parts = splitTopLevel(src, from, end, sep);
  return parts.length > 1 ? parts[0]![1] : -1;
}
