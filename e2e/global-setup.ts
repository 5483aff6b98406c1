// Generates the test models the e2e specs load (cached between runs; nothing is downloaded).
import { ensureFixtures } from '../models/src/fixtures/index.ts';

export default function globalSetup(): void {
  const { tinyLlm } = ensureFixtures();
  console.log(`test models ready: ${tinyLlm}`);
}
