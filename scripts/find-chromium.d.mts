// Types for find-chromium.mjs, which stays plain JavaScript so it runs before anything is compiled.
export function findChromium(): string | null;
export function ensureChromium(): string | null;
