// Name clash handling on import: a card whose name exists gets a fresh name, never another card's slot.

/** `name`, or `name (2)`, `name (3)`... the first one not in `taken` (compared case-insensitively). */
export function uniqueCardName(name: string, taken: Iterable<string>): string {
  const used = new Set<string>();
  for (const t of taken) used.add(t.toLowerCase());
  const base = name.trim() === '' ? 'Unnamed' : name;
  if (!used.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
