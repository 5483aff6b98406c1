// The project's shared assets (Live2D Haru's voice clips and textures) sit beside the checkout, in `<repo>/../shared`,
// found from the repository root, never from one machine's absolute path. COMPANION_SHARED_DIR points elsewhere
// (or at nothing, to run the fallbacks). Tests that use them fall back to generated stand-ins and say so.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../src/env.ts';

export const SHARED_DIR = process.env.COMPANION_SHARED_DIR ?? resolve(REPO_ROOT, '..', 'shared');

/** The path of a shared asset, or undefined (with a printed notice of what stands in) when it is absent. */
export function sharedAsset(relative: string, insteadNotice: string): string | undefined {
  const path = join(SHARED_DIR, ...relative.split('/'));
  if (existsSync(path)) return path;
  console.warn(`[shared assets] ${path} is absent: ${insteadNotice}`);
  return undefined;
}
