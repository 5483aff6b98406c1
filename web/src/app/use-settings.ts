// The global settings as a live value: a change made anywhere (another tab, the settings screen) shows at once.
import { useLiveQuery } from '../db/live';
import { DEFAULT_SETTINGS, type AppSettings } from '../db/records';
import { settingsStore } from './stores';

/** Defaults until IndexedDB answers: for rendering. */
export function useSettings(): AppSettings {
  return useStoredSettings() ?? DEFAULT_SETTINGS;
}

/** Undefined until IndexedDB answers: for decisions that must not act on defaults (loading the last model). */
export function useStoredSettings(): AppSettings | undefined {
  return useLiveQuery(() => settingsStore().getSettings(), []);
}
