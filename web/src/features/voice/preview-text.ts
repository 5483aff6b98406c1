// What a cloned voice's preview says, with a fixed seed so a voice always previews the same (and tests can redo it).
export const PREVIEW_TEXT = 'Hello! This is my new voice. How do I sound?';
export const PREVIEW_SEED = 1;
