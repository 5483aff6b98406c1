// Macros in card text: {{char}}, {{user}}, {{original}}, V3 and common SillyTavern macros, seedable randomness.
export * from './engine';
export * from './rng';
export { humanizeDuration } from './time';
