// Recognises database errors the services turn into client errors, the same way on both dialects.

/** A UNIQUE constraint failed: SQLite's SQLITE_CONSTRAINT_UNIQUE or PostgreSQL's SQLSTATE 23505. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = (error as { code: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * PostgreSQL refused the text itself (SQLSTATE 22021: NUL or invalid UTF-8; 22P05: untranslatable character). The
 * schemas refuse such text first; this is the net for text that reached the database another way (a card's fields).
 */
export function isUnstorableText(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = (error as { code: unknown }).code;
  return code === '22021' || code === '22P05';
}
