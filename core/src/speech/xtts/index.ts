// XTTS-v2 over ONNX (contract: shared/docs/xtts-onnx.md): text, mel front ends, voice cloning, GPT loop, streaming vocoder.
export * from './config';
export * from './gpt';
export * from './mel';
export * from './model';
export * from './npy';
export * from './numbers-en';
export * from './sampling';
export * from './session';
export * from './text-chunks';
export * from './text-clean';
export * from './tokenizer';
export * from './voice';
export * from './vocoder-stream';
export * from './test-vocab';
export * from './xtts-engine';
export * from './readers';
