// The lorebook engine: which entries of the character's and the user's books go into the prompt, where, and why.
export * from './types';
export { activateLore, DEFAULT_SCAN_DEPTH, DEFAULT_MAX_RECURSION } from './engine';
export { parseDecorators, stripDecorators, type Decorator } from './decorators';
export { resolveEntry, SUPPORTED_DECORATORS, DEFAULT_DEPTH, type EntrySettings } from './settings';
export { compileKey, DEFAULT_REGEX_LIMITS } from './matcher';
export { emptyLoreState } from './timed';
