// Generates the test models and installs them into the e2e server's model store in the layout
// `npm run models -- pull` produces (nothing is downloaded).
import { installTinyLlm } from '../models/src/fixtures/index.ts';
import { E2E_MODEL_STORE } from './paths.ts';

export default async function globalSetup(): Promise<void> {
  const installed = await installTinyLlm(E2E_MODEL_STORE);
  console.log(`test model ${installed.repo} installed in ${installed.dir}`);
}
