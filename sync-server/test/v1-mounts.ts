// Routers the V1 malformed-input test mounts besides the app's own: add each new domain router here.
import type { RouteMount } from '../src/app.ts';
import { createApiKeyRoutes, memoryApiKeyStore } from '../src/api-keys/index.ts';
import { createInference, loadInferenceConfig, memoryUserSettings } from '../src/inference/index.ts';
import { createChatRoutes } from '../src/routes/chat/index.ts';
import { createModelRoutes } from '../src/routes/models/index.ts';
import { createOpenAiRoutes } from '../src/routes/openai/index.ts';

export function extraMounts(): RouteMount[] {
  // No model is downloaded here: a well-formed chat gets 409 NO_MODEL, and every malformed one must get a 4xx.
  const { service } = createInference({ config: loadInferenceConfig({}), catalog: [], modelsDir: '/nonexistent-models', settings: memoryUserSettings() });
  return [
    { path: '/api/chat', routes: createChatRoutes(service) },
    { path: '/api/models', routes: createModelRoutes(service) },
    { path: '/api/keys', routes: createApiKeyRoutes(memoryApiKeyStore()) },
    { path: '/v1', routes: createOpenAiRoutes(service) },
  ];
}
