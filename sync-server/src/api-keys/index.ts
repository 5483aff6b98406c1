// API keys for the OpenAI-compatible API: storage, the /api/keys routes and the gate wrapper.
export { createApiKeyStore, hashApiKey, API_KEY_PREFIX, type ApiKeyStore, type ApiKeyInfo } from './store.ts';
export { createApiKeyAuth, withApiKeys } from './api-key-auth.ts';
export { createApiKeyRoutes } from './routes.ts';
export { memoryApiKeyStore } from './memory-store.ts';
