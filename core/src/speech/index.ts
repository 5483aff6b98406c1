// Speech: phoneme → viseme mapping, viseme tracks, mouth parameters, and the TTS engine interface.
export * from './engine';
export * from './mouth';
export * from './phoneme-map';
export * from './visemes';
export * from './speak-stream';
export * from './aligned-visemes';
export * from './aligned-visemes-voices';
export * from './voice-ids';
export * from './mouth-choice';
