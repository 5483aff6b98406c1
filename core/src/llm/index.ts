// Chat engine contract, stream events and timing shared by browser and server engines.
export * from './types';
export * from './generation-clock';
export * from './stream-events';
export * from './chat-api';
export * from './output-filters';
export * from './webllm-mirror';
export * from './transformers-generate';
export * from './sampler-lock';
