// Loads Live2D's Cubism 2.1 runtime from our own origin for .moc models, and says whether a Cubism Core (Cubism 3+)
// is present. Both are proprietary files we may serve but never bundle or commit.
import { AvatarError } from './avatar-error';

/** Copied from live2d-widget@3.1.4 at build time (web/build/package-assets.ts). */
export const CUBISM2_RUNTIME_URL = '/live2d/runtime/live2d.core.js';
export const DEFAULT_MODEL_URL = '/live2d/shizuku/shizuku.model.json';

type Globals = Record<string, unknown>;

let cubism2: Promise<void> | null = null;

/**
 * A classic script from our own origin (script-src 'self'): the build turns the file back into one that sets
 * `window.Live2D`, `window.Live2DModelWebGL`, … which pixi-live2d-display's Cubism 2 build reads when imported.
 */
export function loadCubism2Runtime(url = CUBISM2_RUNTIME_URL): Promise<void> {
  const w = window as unknown as Globals;
  if (w.Live2D) return Promise.resolve();
  cubism2 ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.onload = () =>
      w.Live2D ? resolve() : reject(new AvatarError('RUNTIME_INVALID', 'The Cubism 2 runtime file is not the one the app expects. Rebuild the app.'));
    script.onerror = () => {
      script.remove();
      reject(new AvatarError('RUNTIME_MISSING', 'Could not load the Cubism 2 runtime. Check the connection and reload the page.'));
    };
    document.head.append(script);
  }).catch((error: unknown) => {
    cubism2 = null;
    throw error;
  });
  return cubism2;
}

export function hasCubismCore(): boolean {
  return typeof (window as unknown as Globals).Live2DCubismCore === 'object';
}
