// Edits a lorebook entry by entry: keys, secondary keys, regex, selective logic, constant, order, position,
// depth, probability, enabled. SillyTavern's extras live under `extensions`, where other tools expect them.
import { useState } from 'react';
import type { LoreEntry, Lorebook } from '@companion/core/cards';
import { blankEntry } from './blank-card';

const LOGIC = ['AND ANY', 'NOT ALL', 'NOT ANY', 'AND ALL'];
/** SillyTavern's positions (extensions.position) with their V2/V3 equivalents where one exists. */
const POSITIONS: Array<{ value: number; label: string; v3: LoreEntry['position'] }> = [
  { value: 0, label: 'Before the character', v3: 'before_char' },
  { value: 1, label: 'After the character', v3: 'after_char' },
  { value: 4, label: 'At a depth in the chat', v3: '' },
];

const list = (text: string) =>
  text
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

function EntryEditor({
  entry,
  index,
  onChange,
  onRemove,
}: {
  entry: LoreEntry;
  index: number;
  onChange(e: LoreEntry): void;
  onRemove(): void;
}) {
  const ext = entry.extensions;
  const id = `lore-${index}`;
  const set = (patch: Partial<LoreEntry>) => onChange({ ...entry, ...patch });
  const setExt = (patch: Record<string, unknown>) =>
    onChange({ ...entry, extensions: { ...entry.extensions, ...patch } });
  const stPosition = num(ext.position, entry.position === 'after_char' ? 1 : 0);
  return (
    <fieldset className="lore-entry">
      <legend>{entry.name || entry.comment || `Entry ${index + 1}`}</legend>
      <div className="grid-2">
        <label>
          Name
          <input value={entry.name ?? entry.comment ?? ''} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label className="toggle">
          <input type="checkbox" checked={entry.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled
        </label>
        <label>
          Keys (comma-separated)
          <input
            id={`${id}-keys`}
            value={entry.keys.join(', ')}
            onChange={(e) => set({ keys: list(e.target.value) })}
          />
        </label>
        <label>
          Secondary keys
          <input
            value={(entry.secondary_keys ?? []).join(', ')}
            onChange={(e) => set({ secondary_keys: list(e.target.value), selective: list(e.target.value).length > 0 })}
          />
        </label>
        <label>
          Secondary key logic
          <select
            value={num(ext.selectiveLogic, 0)}
            onChange={(e) => setExt({ selectiveLogic: Number(e.target.value) })}
          >
            {LOGIC.map((l, i) => (
              <option key={l} value={i}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="toggle">
          <input
            type="checkbox"
            checked={entry.use_regex ?? false}
            onChange={(e) => set({ use_regex: e.target.checked })}
          />{' '}
          Keys are regular expressions
        </label>
        <label className="toggle">
          <input
            type="checkbox"
            checked={entry.constant ?? false}
            onChange={(e) => set({ constant: e.target.checked })}
          />{' '}
          Always on (constant)
        </label>
        <label className="toggle">
          <input
            type="checkbox"
            checked={entry.case_sensitive ?? false}
            onChange={(e) => set({ case_sensitive: e.target.checked })}
          />{' '}
          Case-sensitive
        </label>
        <label>
          Order
          <input
            type="number"
            value={entry.insertion_order}
            onChange={(e) => set({ insertion_order: Number(e.target.value) || 0 })}
          />
        </label>
        <label>
          Position
          <select
            value={stPosition}
            onChange={(e) => {
              const p = POSITIONS.find((x) => x.value === Number(e.target.value)) ?? POSITIONS[0]!;
              onChange({ ...entry, position: p.v3, extensions: { ...entry.extensions, position: p.value } });
            }}
          >
            {POSITIONS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        {stPosition === 4 && (
          <label>
            Depth (messages from the end)
            <input
              type="number"
              min={0}
              value={num(ext.depth, 4)}
              onChange={(e) => setExt({ depth: Math.max(0, Number(e.target.value) || 0) })}
            />
          </label>
        )}
        <label>
          Probability (%)
          <input
            type="number"
            min={0}
            max={100}
            value={num(ext.probability, 100)}
            onChange={(e) =>
              setExt({ probability: Math.min(100, Math.max(0, Number(e.target.value) || 0)), useProbability: true })
            }
          />
        </label>
      </div>
      <label>
        Content
        <textarea value={entry.content} rows={4} onChange={(e) => set({ content: e.target.value })} />
      </label>
      <button type="button" className="danger" onClick={onRemove}>
        Remove entry
      </button>
    </fieldset>
  );
}

export function LorebookEditor({ book, onChange }: { book: Lorebook; onChange(book: Lorebook): void }) {
  const [open, setOpen] = useState(book.entries.length > 0 && book.entries.length <= 3);
  const setEntry = (i: number, entry: LoreEntry) =>
    onChange({ ...book, entries: book.entries.map((e, j) => (j === i ? entry : e)) });
  const add = () => {
    const order = book.entries.reduce((m, e) => Math.max(m, e.insertion_order), 0) + 10;
    onChange({ ...book, entries: [...book.entries, blankEntry(order)] });
    setOpen(true);
  };
  return (
    <div className="lorebook-editor">
      <p className="muted small">
        {book.entries.length} entries. An entry is added to the prompt when one of its keys appears in the recent chat.
        {book.entries.length > 3 && (
          <button type="button" className="link" onClick={() => setOpen((o) => !o)}>
            {open ? 'Hide entries' : 'Show entries'}
          </button>
        )}
      </p>
      {open &&
        book.entries.map((entry, i) => (
          <EntryEditor
            key={i}
            entry={entry}
            index={i}
            onChange={(e) => setEntry(i, e)}
            onRemove={() => onChange({ ...book, entries: book.entries.filter((_, j) => j !== i) })}
          />
        ))}
      <button type="button" onClick={add}>
        Add entry
      </button>
    </div>
  );
}
