// Bench-only entry of the TTS worker, never part of the production build (bench/lib/xtts-browser/build.ts bundles it
// into a throwaway folder). It fixes the audio tokens per utterance, which the app cannot ask for (random weights stop
// anywhere), then runs the production worker module unchanged: same comlink API, XttsHost, onnxruntime-web setup.
import { XttsModel } from '@companion/core/speech/xtts';

export interface BenchWorkerConfig {
  /** Audio tokens of every utterance (min = max), as bench/speech-xtts.ts holds them on onnxruntime-node. */
  tokens: number;
  /** The warm-up utterance gets `warmupTokens` instead. */
  warmupText: string;
  warmupTokens: number;
}

const speak = XttsModel.prototype.speak;

addEventListener('message', function configure(event: MessageEvent<{ benchConfig?: BenchWorkerConfig }>) {
  const config = event.data?.benchConfig;
  if (!config) return;
  removeEventListener('message', configure);
  // The one change to the production path: the token count, applied where the host calls core's speak.
  XttsModel.prototype.speak = function (text, voice, o = {}) {
    const n = text === config.warmupText ? config.warmupTokens : config.tokens;
    return speak.call(this, text, voice, { ...o, minTokensPerChunk: n, maxTokensPerChunk: n });
  };
  // Imported only now, so comlink's listener starts after the configuration message was taken.
  void import('../../../web/src/workers/tts/tts.worker').then(() => postMessage({ benchReady: true }));
});
