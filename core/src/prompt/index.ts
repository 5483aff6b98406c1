// Prompt assembly: the message list a chat model receives, with the lore that fired and the tokens of each part.
export * from './types';
export { assemblePrompt } from './assemble';
export { greetings, greetingTexts, type Greetings } from './greetings';
export { splitExamples, formatExamples } from './examples';
