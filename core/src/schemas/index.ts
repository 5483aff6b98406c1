// Zod schemas shared by server validation, client parsing and the OpenAPI document.
export * from './models';
export * from './cards';
export * from './voice-models';
export * from './text';
export * from './model-store';
export * from './languages';
