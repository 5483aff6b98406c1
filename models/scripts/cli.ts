// `npm run models -- <command>`: pull, list, remove and verify models in MODELS_DIR; generate test fixtures.
import { parseArgs } from 'node:util';
import { findPullable, loadCatalog, loadVoiceCatalog, withLocalCatalog, withLocalVoiceCatalog } from '../src/catalog.ts';
import {
  DownloadError,
  createProgressBar,
  formatBytes,
  listManifests,
  pullModel,
  removeModel,
  revisionDir,
  storeDirFromEnv,
  verifyModel,
} from '../src/download/index.ts';
import { ensureFixtures, ensureRealShaped, ensureRealShapedXtts, ensureTinyXtts, REAL_SHAPED } from '../src/fixtures/index.ts';
import type { RealShapedName } from '../src/fixtures/index.ts';
import { FIXTURE_MODEL_IDS, installFixtureModels, isFixtureModel, removeFixtureModel } from '../src/fixtures/install.ts';

/** The real-shaped XTTS-v2 (random weights) lives beside the LLM shapes under --real-shaped. */
const XTTS_SHAPED = 'xtts-v2-shaped';

const USAGE = `usage: npm run models -- <command>
  catalog                       list the models a user can choose (chat models, then voice models)
  pull <id> [--quant Q] [--verify]
                                download into MODELS_DIR (default models/store) from Hugging Face or MODEL_MIRROR;
                                --verify re-hashes files already there (mends a corrupted file of the same size)
  list                          pulled models and whether they are complete
  verify <id> [--quant Q]       re-hash a pulled model's files against its manifest
  remove <id> [--quant Q]       delete a pulled model (files other models share are kept)
  remove --fixtures             delete the test models (${FIXTURE_MODEL_IDS.join(', ')}) and their catalog entries
  fixtures [--real-shaped NAME] generate the test models and install them into MODELS_DIR, ready to chat and speak
                                (real-shaped, for benchmarks, into models/fixtures: ${[...Object.keys(REAL_SHAPED), XTTS_SHAPED].join(', ')})`;

interface Ctx {
  id: string | undefined;
  quant: string | undefined;
  verify: boolean;
  fixtures: boolean;
  realShaped: string[];
  store: string;
  /** MODELS_CATALOG_DIR lets tests and air-gapped setups use their own catalog folder. */
  catalogDir: string | undefined;
}

/** Test models say so wherever they are listed, so nobody takes the rigged reply for a broken real model. */
const testTag = (e: { testModel?: boolean | undefined }): string => (e.testModel ? '  [test model]' : '');

const quantList = (variants: readonly { quant: string; download: { bytes: number } | null }[]): string =>
  variants.map((v) => `${v.quant}${v.download ? ` ~${formatBytes(v.download.bytes)}` : ''}`).join(', ');

/** Chat models first, then voice models under their own heading: a voice model is never offered as a chat model. */
function showCatalog(c: Ctx): number {
  for (const e of withLocalCatalog(loadCatalog(c.catalogDir), c.store)) {
    console.log(`${e.id.padEnd(32)} ${e.runtime.padEnd(7)} ctx ${String(e.contextLength).padEnd(7)} ${e.licence.spdx.padEnd(31)} ${quantList(e.variants)}${testTag(e)}`);
  }
  const voices = withLocalVoiceCatalog(loadVoiceCatalog(c.catalogDir), c.store);
  if (voices.length > 0) console.log('\nvoice models (cloned speech on the server; not chat models):');
  for (const e of voices) {
    console.log(`${e.id.padEnd(32)} ${e.runtime.padEnd(7)} ${`${e.languages.length} languages`.padEnd(11)} ${e.licence.spdx.padEnd(31)} ${quantList(e.variants)}${testTag(e)}`);
  }
  return 0;
}

async function pull(c: Ctx): Promise<number> {
  if (!c.id) throw new Error('pull needs a model id (see `catalog`)');
  const entry = findPullable(loadCatalog(c.catalogDir), loadVoiceCatalog(c.catalogDir), c.id);
  const mirror = process.env.MODEL_MIRROR || null;
  const bar = createProgressBar();
  const controller = new AbortController();
  // Ctrl-C stops cleanly and keeps the .part file, so the next pull resumes.
  process.once('SIGINT', () => controller.abort());
  console.error(`pulling ${c.id} (${c.quant ?? entry.defaultQuant}) from ${mirror ?? 'https://huggingface.co'} into ${c.store}`);
  try {
    const hfToken = process.env.HF_TOKEN || null;
    const m = await pullModel(entry, {
      store: c.store,
      mirror,
      quant: c.quant,
      hfToken,
      verifyExisting: c.verify,
      onProgress: bar.update,
      signal: controller.signal,
    });
    const total = m.files.reduce((a, f) => a + f.size, 0);
    bar.done();
    console.log(`${m.id}@${m.quant}: complete, ${m.files.length} files, ${formatBytes(total)} in ${revisionDir(c.store, m.repo, m.revision)}`);
  } finally {
    bar.done();
  }
  return 0;
}

async function list(c: Ctx): Promise<number> {
  const manifests = await listManifests(c.store);
  if (manifests.length === 0) console.log(`no models in ${c.store}`);
  for (const m of manifests) {
    const total = m.files.reduce((a, f) => a + f.size, 0);
    const status = m.complete ? 'complete  ' : 'incomplete';
    const tag = isFixtureModel(m.id) ? '  [test model]' : '';
    console.log(`${`${m.id}@${m.quant}`.padEnd(40)} ${status} ${m.runtime.padEnd(6)} ${formatBytes(total).padStart(9)}  ${m.repo}@${m.resolvedRevision ?? m.revision}${tag}`);
  }
  return 0;
}

async function removeFixtures(c: Ctx, ids: readonly (typeof FIXTURE_MODEL_IDS)[number][]): Promise<number> {
  for (const id of ids) {
    const removed = await removeFixtureModel(c.store, id);
    for (const r of removed) console.log(`removed ${id}@${r.quant} (${r.files} files)`);
    console.log(removed.length > 0 ? `removed the catalog entry of test model ${id}` : `${id} was not installed in ${c.store}`);
  }
  return 0;
}

async function verifyOrRemove(c: Ctx, cmd: 'verify' | 'remove'): Promise<number> {
  if (cmd === 'remove' && c.fixtures) return removeFixtures(c, FIXTURE_MODEL_IDS);
  if (!c.id) throw new Error(`${cmd} needs a model id${cmd === 'remove' ? ' (or --fixtures for the test models)' : ''}`);
  // A test model's catalog entry lives in the store; removing the model removes it too, so no list offers a ghost.
  if (cmd === 'remove' && !c.quant && isFixtureModel(c.id)) return removeFixtures(c, [c.id]);
  const quant = c.quant ?? (await listManifests(c.store)).find((m) => m.id === c.id)?.quant;
  if (!quant) throw new DownloadError('UNKNOWN_MODEL', `${c.id} is not in ${c.store}`);
  if (cmd === 'remove') {
    const removed = await removeModel(c.store, c.id, quant);
    console.log(`removed ${c.id}@${quant} (${removed.length} files)`);
    return 0;
  }
  const r = await verifyModel(c.store, c.id, quant);
  console.log(r.ok ? `${c.id}@${quant}: ok` : `${c.id}@${quant}: ${r.problems.join('; ')}`);
  return r.ok ? 0 : 2;
}

async function fixtures(c: Ctx): Promise<number> {
  const f = ensureFixtures();
  console.log(`test-tiny-llm: generated in ${f.tinyLlm}`);
  console.log(`test-tiny-xtts: generated in ${ensureTinyXtts()}`);
  const installed = await installFixtureModels(c.store);
  console.log(`installed into ${c.store} as test models (MIT, rigged weights, not for real use):`);
  console.log(`  ${installed.llm.id}@${installed.llm.quant}  ${installed.llm.repo}: chat with model "${installed.llm.id}" (/api/chat, /v1, the web app)`);
  console.log(`  ${installed.xtts.id}@${installed.xtts.quant}  ${installed.xtts.repo}: the server's voice model for /api/tts/clone`);
  console.log('remove them with: npm run models -- remove --fixtures');
  for (const name of c.realShaped) {
    if (name === XTTS_SHAPED) {
      console.log(`${name}: ${ensureRealShapedXtts({ log: (l) => console.error(l) })}`);
      continue;
    }
    if (!(name in REAL_SHAPED)) throw new Error(`unknown real-shaped model ${name}`);
    console.log(`${name}: ${ensureRealShaped(name as RealShapedName, { log: (l) => console.error(l) })}`);
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      quant: { type: 'string' },
      verify: { type: 'boolean' },
      fixtures: { type: 'boolean' },
      'real-shaped': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [cmd, id] = positionals;
  if (!cmd || values.help) {
    console.log(USAGE);
    return cmd ? 0 : 1;
  }
  const c: Ctx = { id, quant: values.quant, verify: values.verify ?? false, fixtures: values.fixtures ?? false, realShaped: values['real-shaped'] ?? [], store: storeDirFromEnv(), catalogDir: process.env.MODELS_CATALOG_DIR || undefined };
  switch (cmd) {
    case 'catalog':
      return showCatalog(c);
    case 'pull':
      return pull(c);
    case 'list':
      return list(c);
    case 'verify':
    case 'remove':
      return verifyOrRemove(c, cmd);
    case 'fixtures':
      return fixtures(c);
    default:
      console.error(USAGE);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const code = err instanceof DownloadError ? err.code : 'ERROR';
    console.error(`\n${code}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
