// The sampling fields, used for the global defaults (Settings) and a chat's own overrides (Chat settings).
import type { SamplingSettings } from '../../db/records';

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

export function SamplingFields({ value, overridden, onChange, idPrefix }: Props) {
  return (
    <div className="sampling-fields">
      {FIELDS.map((f) => (
        <div key={f.key} className="field">
          <label htmlFor={`${idPrefix}-${f.key}`}>
            {f.label}
            {overridden && !overridden[f.key] && <span className="muted small"> (default)</span>}
          </label>
          <input
            id={`${idPrefix}-${f.key}`}
            type="number"
            min={f.min}
            max={f.max}
            step={f.step}
            value={value[f.key]}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (e.target.value !== '' && Number.isFinite(n))
                onChange({ [f.key]: Math.min(f.max, Math.max(f.min, n)) });
            }}
            aria-describedby={`${idPrefix}-${f.key}-help`}
          />
          <span id={`${idPrefix}-${f.key}-help`} className="muted small">
            {f.help}
          </span>
        </div>
      ))}
      <div className="field">
        <label htmlFor={`${idPrefix}-stop`}>Stop strings</label>
        <input
          id={`${idPrefix}-stop`}
          value={value.stop.join(', ')}
          onChange={(e) =>
            onChange({
              stop: e.target.value
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
                .slice(0, 8),
            })
          }
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
