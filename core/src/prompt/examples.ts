// Example dialogues: `mes_example` split into blocks at each <START>.

/** Blocks of example dialogue, in order, without the <START> markers; empty blocks are dropped. */
export function splitExamples(mesExample: string): string[] {
  return mesExample
    .split(/<START>/i)
    .map((b) => b.trim())
    .filter((b) => b !== '');
}

export const EXAMPLE_HEADER = '[Example dialogue]';

export function formatExamples(blocks: readonly string[]): string {
  return blocks.map((b) => `${EXAMPLE_HEADER}\n${b}`).join('\n\n');
}
