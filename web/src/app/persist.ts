// Persistent storage is asked for once, at the first real data (a card imported, a message sent), so the
// browser's prompt (where it shows one) comes with a reason the user can see.
import { requestPersistenceOnce } from '../db/storage';
import { settingsStore } from './stores';

export function askToPersistOnce(): void {
  void requestPersistenceOnce(settingsStore()).catch(() => undefined);
}
