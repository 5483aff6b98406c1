// Generates the test models and installs them into the e2e server's model store in the layout
// `npm run models -- pull` produces (nothing is downloaded).
// Runs from e2e/prepare-server.ts, before the server starts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_CATALOG_DIR } from '../models/src/catalog.ts';
import { installTinyLlm, installTinyXtts, tinyLlmCatalogEntry } from '../models/src/fixtures/index.ts';
import { E2E_MODEL_STORE } from './paths.ts';

export default async function globalSetup(): Promise<void> {
  const installed = await installTinyLlm(E2E_MODEL_STORE);
  // Listed in the server's local catalog too, so "My server" can chat with it as a signed-in user.
  mkdirSync(join(E2E_MODEL_STORE, LOCAL_CATALOG_DIR), { recursive: true });
  writeFileSync(
    join(E2E_MODEL_STORE, LOCAL_CATALOG_DIR, 'test-tiny-llm.json'),
    JSON.stringify(tinyLlmCatalogEntry(installed.dir), null, 2),
  );
  console.log(`test model ${installed.repo} installed in ${installed.dir}`);
  // The rigged XTTS-v2 stub, served at /models/companion-test/test-tiny-xtts/resolve/main/<file> with its listing.
  const xtts = await installTinyXtts(E2E_MODEL_STORE);
  console.log(`test voice model ${xtts.repo} installed in ${xtts.dir}`);
}
