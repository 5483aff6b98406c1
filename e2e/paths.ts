// Paths shared by the Playwright config, its global setup and the specs.
import { resolve } from 'node:path';
import { TINY_LLM_REPO } from '../models/src/fixtures/index.ts';

/** The e2e server's MODELS_DIR (git-ignored, rebuilt by the global setup). */
export const E2E_MODEL_STORE = resolve('models/fixtures/.e2e-store');
/** The rigged test model as browsers ask for it: /models/<repo>/resolve/main/... */
export const TINY_MODEL_ID = TINY_LLM_REPO;
