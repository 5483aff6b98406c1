// Characters: storage, import/export and the chat context of the active character.
export { createCharacterService, safeFileName, type CharacterService, type CharacterDetail, type ExportFormat } from './service.ts';
export { createCharacterStore, type CharacterStore } from './store.ts';
export { cardErrorToApp, withCardErrors } from './card-errors.ts';
export { createCharacterContext, DEFAULT_SYSTEM_PROMPT, DEFAULT_CONTEXT_SIZE, type CharacterContext } from './context.ts';
