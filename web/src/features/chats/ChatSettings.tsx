// This chat's own settings: sampling overrides over the global defaults, its persona and the lorebooks bound to it.
import { useLiveQuery } from '../../db/live';
import { chats, lorebooks, personas } from '../../app/stores';
import { effectiveSampling } from '../../app/sampling';
import { useSettings } from '../../app/use-settings';
import type { ChatRecord, SamplingSettings } from '../../db/records';
import { SamplingFields } from '../settings/SamplingFields';

export function ChatSettings({ chat, onClose }: { chat: ChatRecord; onClose(): void }) {
  const settings = useSettings();
  const books = useLiveQuery(() => lorebooks().list(), []) ?? [];
  const people = useLiveQuery(() => personas().list(), []) ?? [];
  const effective = effectiveSampling(settings, chat);
  const overridden = Object.fromEntries(Object.keys(chat.sampling).map((k) => [k, true])) as Partial<
    Record<keyof SamplingSettings, boolean>
  >;
  const patchSampling = (patch: Partial<SamplingSettings>) =>
    void chats().update(chat.id, { sampling: { ...chat.sampling, ...patch } });
  const toggleBook = (id: string, on: boolean) =>
    void chats().update(chat.id, {
      lorebookIds: on ? [...chat.lorebookIds, id] : chat.lorebookIds.filter((b) => b !== id),
    });

  return (
    <aside className="side-panel" aria-labelledby="chat-settings-heading">
      <div className="panel-head">
        <h2 id="chat-settings-heading">Chat settings</h2>
        <button type="button" onClick={onClose} aria-label="Close chat settings">
          ×
        </button>
      </div>
      <h3>Sampling</h3>
      <SamplingFields idPrefix={`chat-${chat.id}`} value={effective} overridden={overridden} onChange={patchSampling} />
      <button
        type="button"
        onClick={() => void chats().update(chat.id, { sampling: {} })}
        disabled={Object.keys(chat.sampling).length === 0}
      >
        Use the defaults
      </button>
      <h3>Persona</h3>
      <label>
        You are
        <select
          value={chat.personaId ?? ''}
          onChange={(e) => void chats().update(chat.id, { personaId: e.target.value || null })}
        >
          <option value="">The default persona</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <h3>Lorebooks</h3>
      {books.length === 0 ? (
        <p className="muted small">No lorebooks yet: import world info files in Settings.</p>
      ) : (
        <ul className="checklist">
          {books.map((b) => (
            <li key={b.id}>
              <label className="toggle">
                <input
                  type="checkbox"
                  checked={(b.scope === 'global' && b.enabled) || chat.lorebookIds.includes(b.id)}
                  disabled={b.scope === 'global' && b.enabled}
                  onChange={(e) => toggleBook(b.id, e.target.checked)}
                />
                {b.name} {b.scope === 'global' && b.enabled && <span className="muted small">(global, always on)</span>}
              </label>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
