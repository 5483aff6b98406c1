// Macros in card text: {{char}}, {{user}}, {{original}}, V3 and common SillyTavern macros, seedable randomness.
export * from './engine';
export * from './rng';
export { DEFAULT_MACRO_OUTPUT_CHARS, type MacroBudget, PromptTooLargeError } from './scan';
export { humanizeDuration } from './time';
