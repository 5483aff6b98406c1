// A checkbox for a stored setting: ticks at once, writes in the background (see use-local-value).
import type { ReactNode } from 'react';
import { useLocalValue } from './use-local-value';

export function SettingCheckbox({
  checked,
  onChange,
  children,
}: {
  checked: boolean;
  onChange(value: boolean): void;
  children: ReactNode;
}) {
  const [local, setLocal] = useLocalValue(checked);
  return (
    <label className="toggle">
      <input
        type="checkbox"
        checked={local}
        onChange={(e) => {
          setLocal(e.target.checked);
          onChange(e.target.checked);
        }}
      />{' '}
      {children}
    </label>
  );
}
