// The sampling fields, used for the global defaults (Settings) and a chat's own overrides (Chat settings).
import type { SamplingSettings } from '../../db/records';
import { useTextDraft } from '../../ui/use-local-value';

type NumericKey = Exclude<keyof SamplingSettings, 'stop'>;

const FIELDS: Array<{ key: NumericKey; label: string; min: number; max: number; step: number; help: string }> = [
  {
    key: 'temperature',
    label: 'Temperature',
    min: 0,
    max: 2,
    step: 0.05,
    help: '0 always picks the likeliest word; higher is more varied.',
  },
  { key: 'topP', label: 'Top-p', min: 0.05, max: 1, step: 0.05, help: 'Only words within this share of probability.' },
  { key: 'topK', label: 'Top-k', min: 0, max: 200, step: 1, help: 'Only the k likeliest words (0: no limit).' },
  {
    key: 'repetitionPenalty',
    label: 'Repetition penalty',
    min: 1,
    max: 2,
    step: 0.01,
    help: 'Above 1 discourages repeating itself.',
  },
  { key: 'maxTokens', label: 'Max reply tokens', min: 16, max: 4096, step: 1, help: 'Longest reply, in tokens.' },
];

interface Props {
  /** The values in force (for a chat: its overrides over the defaults). */
  value: SamplingSettings;
  /** For a chat: which fields it overrides (others show the default). */
  overridden?: Partial<Record<keyof SamplingSettings, boolean>>;
  onChange(patch: Partial<SamplingSettings>): void;
  idPrefix: string;
}

type Field = (typeof FIELDS)[number];

function NumberField({
  field: f,
  value,
  isDefault,
  onChange,
  id,
}: {
  field: Field;
  value: number;
  isDefault: boolean;
  onChange(n: number): void;
  id: string;
}) {
  const draft = useTextDraft(
    value,
    String,
    (text) => {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? Math.min(f.max, Math.max(f.min, n)) : undefined;
    },
    onChange,
  );
  return (
    <div className="field">
      <label htmlFor={id}>
        {f.label}
        {isDefault && <span className="muted small"> (default)</span>}
      </label>
      <input
        id={id}
        type="number"
        min={f.min}
        max={f.max}
        step={f.step}
        {...draft}
        onChange={(e) => draft.onChange(e.target.value)}
        aria-describedby={`${id}-help`}
      />
      <span id={`${id}-help`} className="muted small">
        {f.help}
      </span>
    </div>
  );
}

const joinStops = (stop: string[]) => stop.join(', ');
const splitStops = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 8);

export function SamplingFields({ value, overridden, onChange, idPrefix }: Props) {
  const stops = useTextDraft(value.stop, joinStops, splitStops, (stop) => onChange({ stop }));
  return (
    <div className="sampling-fields">
      {FIELDS.map((f) => (
        <NumberField
          key={f.key}
          field={f}
          id={`${idPrefix}-${f.key}`}
          value={value[f.key]}
          isDefault={overridden !== undefined && !overridden[f.key]}
          onChange={(n) => onChange({ [f.key]: n })}
        />
      ))}
      <div className="field">
        <label htmlFor={`${idPrefix}-stop`}>Stop strings</label>
        <input
          id={`${idPrefix}-stop`}
          {...stops}
          onChange={(e) => stops.onChange(e.target.value)}
          placeholder="e.g. ###, User:"
          aria-describedby={`${idPrefix}-stop-help`}
        />
        <span id={`${idPrefix}-stop-help`} className="muted small">
          Comma-separated; the reply ends where one appears (at most 8).
        </span>
      </div>
    </div>
  );
}
