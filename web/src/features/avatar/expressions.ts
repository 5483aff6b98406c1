// Which of a model's expressions shows a mood: by name where the model says what they are, else a stable pick.
const MOOD_WORDS: Record<string, RegExp> = {
  happy: /happy|smile|joy|fun|glad/i,
  sad: /sad|cry|tear/i,
  angry: /angry|anger|mad/i,
  surprised: /surpris|shock/i,
  shy: /shy|blush|tere/i,
  neutral: /neutral|normal|default/i,
};
/** Sample models name their expressions f01…f08: a stable pick per mood when no name says what it is. */
const MOOD_INDEX: Record<string, number> = { neutral: 0, happy: 1, sad: 2, angry: 3, surprised: 4, shy: 5 };

export function pickExpression(names: readonly string[], mood: string): number {
  if (names.length === 0) return -1;
  const word = MOOD_WORDS[mood];
  const named = word ? names.findIndex((n) => word.test(n)) : -1;
  if (named >= 0) return named;
  const index = MOOD_INDEX[mood];
  return index === undefined ? -1 : index % names.length;
}
