// A control's own copy of a stored value. Settings live in IndexedDB and reach the screen through a live query a
// moment after a write; a controlled input bound straight to them would snap back until then (a checkbox that
// does not tick, a number field that eats "0.").
import { useState } from 'react';

/** Follows `stored` when it changes, and shows the user's change at once meanwhile. */
export function useLocalValue<T>(stored: T): [T, (value: T) => void] {
  const [local, setLocal] = useState(stored);
  const [seen, setSeen] = useState(stored);
  if (!Object.is(stored, seen)) {
    setSeen(stored);
    setLocal(stored);
  }
  return [local, setLocal];
}

/**
 * The text of a field over a stored value: what the user types while it has focus (committed whenever it parses),
 * the stored value, formatted, otherwise. Typing "0." or "a," is not undone by the write it causes.
 */
export function useTextDraft<T>(
  stored: T,
  format: (value: T) => string,
  parse: (text: string) => T | undefined,
  commit: (value: T) => void,
) {
  const [draft, setDraft] = useState<string | null>(null);
  return {
    value: draft ?? format(stored),
    onFocus: () => setDraft(format(stored)),
    onBlur: () => setDraft(null),
    onChange: (text: string) => {
      setDraft(text);
      const parsed = parse(text);
      if (parsed !== undefined) commit(parsed);
    },
  };
}
