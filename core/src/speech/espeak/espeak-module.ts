// Types for the GPL-3.0 eSpeak-NG Emscripten build; the package itself is only ever loaded with import().
// The package has no types and an ambient declaration cannot be imported; the reference keeps it with this
// file when another workspace compiles core from source.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./espeak-ng-emscripten.d.ts" />
export interface EspeakRawEvent {
  readonly type:
    'list_terminated' | 'word' | 'sentence' | 'mark' | 'play' | 'end' | 'msg_terminated' | 'phoneme' | 'samplerate';
  readonly text_position: number;
  readonly word_length: number;
  /** Milliseconds from the start of the synth call. */
  readonly audio_position: number;
  readonly id: string | number | undefined;
}

export interface EspeakRawVoice {
  readonly name: string;
  readonly identifier: string;
  readonly languages: readonly { readonly priority: number; readonly name: string }[];
}

export interface EspeakWorkerLike {
  set_voice(name: string): number;
  set_rate(wpm: number): void;
  set_pitch(pitch: number): void;
  get_samplerate(): number;
  list_voices(): EspeakRawVoice[];
  /** The callback runs synchronously during synthesis; returning 1 aborts. Samples are int16. */
  synthesize(text: string, callback: (samples: Int16Array, events: EspeakRawEvent[]) => number): void;
  __destroy__(): void;
}

export interface EspeakModuleLike {
  eSpeakNGWorker: new () => EspeakWorkerLike;
  /** Emscripten's in-memory file system, holding espeak-ng-data (voice variants are files there). */
  FS: { readdir(path: string): string[] };
}

export interface EspeakFactoryArgs {
  /** Emscripten's file-packager hook: hands over the `.data` bytes instead of fetching them. */
  getPreloadedPackage?: (name: string, size: number) => ArrayBuffer;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

export type EspeakFactory = (args: EspeakFactoryArgs) => Promise<EspeakModuleLike>;

/**
 * Loads the GPL-3.0 package as a separate module. A bundler turns this import() into its own chunk, so the
 * GPL code is never part of the app's own bundle and is only fetched when espeak-ng is chosen.
 */
export async function importEspeakFactory(): Promise<EspeakFactory> {
  const mod = (await import('@echogarden/espeak-ng-emscripten')) as { default: EspeakFactory };
  return mod.default;
}
