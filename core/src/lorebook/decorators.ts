// V3 lorebook decorators: `@@name value` lines at the start of an entry's content, with `@@@` fallbacks.

export interface Decorator {
  name: string;
  value: string;
  /** `@@@` lines right after it: tried in order when this one is not supported. */
  fallbacks: Decorator[];
}

export interface ParsedContent {
  decorators: Decorator[];
  /** The content with the decorator lines removed: what is inserted into the prompt. */
  body: string;
}

function parseLine(line: string): Decorator {
  const text = line.trim();
  const space = text.search(/[\s=]/);
  const name = (space < 0 ? text : text.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : text.slice(space + 1).trim();
  return { name, value, fallbacks: [] };
}

export function parseDecorators(content: string): ParsedContent {
  if (!content.startsWith('@@')) return { decorators: [], body: content };
  const lines = content.split('\n');
  const decorators: Decorator[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('@@@')) {
      const last = decorators[decorators.length - 1];
      if (last) last.fallbacks.push(parseLine(line.slice(3)));
      continue;
    }
    if (!line.startsWith('@@')) break;
    decorators.push(parseLine(line.slice(2)));
  }
  return { decorators, body: lines.slice(i).join('\n') };
}

/** The content without decorator lines: for insertion, and for writing a V2 copy of a V3 book. */
export function stripDecorators(content: string): string {
  return parseDecorators(content).body;
}

/** Replaces each unsupported decorator by its first supported fallback, dropping it when none is. */
export function effectiveDecorators(list: readonly Decorator[], supported: ReadonlySet<string>): Decorator[] {
  const out: Decorator[] = [];
  for (const d of list) {
    if (supported.has(d.name)) out.push(d);
    else {
      const fb = d.fallbacks.find((f) => supported.has(f.name));
      if (fb) out.push(fb);
    }
  }
  return out;
}
