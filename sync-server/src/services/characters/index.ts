// Characters: storage, import/export and the chat context of the active character.
export { createCharacterService, safeFileName, type CharacterService, type CharacterDetail, type ExportFormat, type ImportedCharacter } from './service.ts';
export { createCharacterVoices, isVoiceGone, isVoiceId, MAX_VOICE_ASSET_BYTES, type CharacterVoices, type VoiceImport, type VoiceStatus } from './voice.ts';
export { createCharacterStore, type CharacterStore } from './store.ts';
export { cardErrorToApp, withCardErrors } from './card-errors.ts';
export { createCharacterContext, DEFAULT_SYSTEM_PROMPT, DEFAULT_CONTEXT_SIZE, type CharacterContext } from './context.ts';
