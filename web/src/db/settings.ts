// App settings in the `settings` table: one `global` row merged over the defaults, plus small named flags.
import { appDb, type AppDatabase } from './app-db';
import { mutate } from './outbox';
import { type AppSettings, type ChatRecord, DEFAULT_SETTINGS, type SamplingSettings } from './records';

export const GLOBAL_SETTINGS_KEY = 'global';
/** Flags live in their own rows so setting one never races a settings edit. */
export const flagKey = (name: string): string => `flag:${name}`;

export type SettingsPatch = Partial<Omit<AppSettings, 'sampling' | 'speech'>> & {
  sampling?: Partial<SamplingSettings>;
  speech?: Partial<AppSettings['speech']>;
};

export interface SettingsStore {
  /** The stored settings over DEFAULT_SETTINGS (fields added in later versions get their default). */
  getSettings(): Promise<AppSettings>;
  /** Merges `patch` (sampling and speech field by field); undefined values leave a field as it is. */
  updateSettings(patch: SettingsPatch): Promise<AppSettings>;
  /** The global sampling defaults overridden field by field by the chat's own. */
  resolveSampling(chat: Pick<ChatRecord, 'sampling'> | null | undefined): Promise<SamplingSettings>;
  getFlag(name: string): Promise<boolean>;
  setFlag(name: string, value?: boolean): Promise<void>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function defined<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Settings as stored (possibly partial, possibly from an older version) merged over the defaults. */
export function mergeSettings(stored: unknown, patch: SettingsPatch = {}): AppSettings {
  const base = isRecord(stored) ? (stored as Partial<AppSettings>) : {};
  const { sampling, speech, ...rest } = patch;
  return {
    ...DEFAULT_SETTINGS,
    ...defined(base),
    ...defined(rest),
    sampling: { ...DEFAULT_SETTINGS.sampling, ...defined(base.sampling), ...defined(sampling) },
    speech: { ...DEFAULT_SETTINGS.speech, ...defined(base.speech), ...defined(speech) },
  };
}

export function resolveSamplingWith(defaults: SamplingSettings, chat: Pick<ChatRecord, 'sampling'> | null | undefined): SamplingSettings {
  return { ...defaults, ...defined(chat?.sampling) };
}

export function createSettingsStore(db: AppDatabase = appDb(), now: () => number = Date.now): SettingsStore {
  const getSettings = async (): Promise<AppSettings> => mergeSettings((await db.settings.get(GLOBAL_SETTINGS_KEY))?.value);
  return {
    getSettings,
    updateSettings: (patch) =>
      mutate(
        db,
        [db.settings],
        async (w) => {
          const next = mergeSettings((await db.settings.get(GLOBAL_SETTINGS_KEY))?.value, patch);
          await w.put(db.settings, { key: GLOBAL_SETTINGS_KEY, value: next, updatedAt: w.at });
          return next;
        },
        { now },
      ),
    resolveSampling: async (chat) => resolveSamplingWith((await getSettings()).sampling, chat),
    getFlag: async (name) => (await db.settings.get(flagKey(name)))?.value === true,
    setFlag: (name, value = true) =>
      mutate(db, [db.settings], (w) => w.put(db.settings, { key: flagKey(name), value, updatedAt: w.at }), { now }),
  };
}
