// A chat's sampling settings: the global defaults, overridden field by field by the chat's own values.
import type { AppSettings, ChatRecord, SamplingSettings } from '../db/records';

export function effectiveSampling(
  settings: Pick<AppSettings, 'sampling'>,
  chat: Pick<ChatRecord, 'sampling'> | null,
): SamplingSettings {
  const own = Object.fromEntries(Object.entries(chat?.sampling ?? {}).filter(([, v]) => v !== undefined && v !== null));
  return { ...settings.sampling, ...own };
}
