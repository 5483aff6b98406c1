// eSpeak-NG engine adapter (MIT); the GPL-3.0 espeak-ng build it drives is loaded separately with import().
export * from './espeak-engine';
export type { EspeakFactory, EspeakModuleLike } from './espeak-module';
