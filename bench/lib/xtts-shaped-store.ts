// Puts the real-shaped XTTS fixture (ensureRealShapedXtts) into a throwaway model store the built server serves, as a
// pull would leave it: files under `<store>/<repo>/resolve/main/`, and a complete manifest with sizes and sha256, so
// `/models/api/models/<repo>/tree/main` lists them (gpt_model.onnx_data included) and the browser verifies them (C3).
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, linkSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { XTTS_SHARED_FILES } from '../../core/src/schemas/voice-models.ts';
import { ensureRealShapedXtts } from '../../models/src/fixtures/index.ts';
import { revisionDir, writeManifest } from '../../models/src/download/store.ts';

export const SHAPED_XTTS_REPO = 'companion-bench/xtts-v2-shaped';
export const SHAPED_XTTS_ID = 'xtts-v2-shaped';
export const SHAPED_GPT_FILE = 'gpt_model.onnx';
/** The fp32 GPT keeps its 1.5 GB of weights beside the graph, as the real export may. */
export const SHAPED_GPT_DATA = 'gpt_model.onnx_data';

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Hard links when store and fixtures share a file system (no second 1.5 GB on disk), else a copy. */
function place(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

export async function installShapedXtts(
  store: string,
  log?: (line: string) => void,
): Promise<{ repo: string; fixtureDir: string }> {
  const fixtureDir = ensureRealShapedXtts({ log });
  const dir = revisionDir(store, SHAPED_XTTS_REPO, 'main');
  const files = [...XTTS_SHARED_FILES, SHAPED_GPT_FILE, SHAPED_GPT_DATA];
  const recorded = [];
  for (const path of files) {
    const from = join(fixtureDir, ...path.split('/'));
    place(from, join(dir, ...path.split('/')));
    recorded.push({ path, size: statSync(from).size, sha256: await sha256(from), trust: 'catalog' as const });
  }
  await writeManifest(store, {
    version: 1,
    id: SHAPED_XTTS_ID,
    quant: 'fp32',
    runtime: 'xtts',
    repo: SHAPED_XTTS_REPO,
    revision: 'main',
    resolvedRevision: null,
    complete: true,
    updatedAt: new Date().toISOString(),
    files: recorded,
  });
  return { repo: SHAPED_XTTS_REPO, fixtureDir };
}
