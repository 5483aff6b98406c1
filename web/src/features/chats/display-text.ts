// What a message shows: {{char}}/{{user}} (and <BOT>/<USER>) replaced by the names, as the model saw them.
export function displayText(text: string, names: { char: string; user: string }): string {
  return text.replace(
    /\{\{\s*(char|user)\s*\}\}|<(BOT|USER)>/gi,
    (_, macro: string | undefined, tag: string | undefined) => {
      const which = (macro ?? tag ?? '').toLowerCase();
      return which === 'char' || which === 'bot' ? names.char : names.user;
    },
  );
}

/** Where the first complete sentence of a streamed reply ends, or -1 while there is none yet. */
export function firstSentenceEnd(text: string): number {
  const match = /[.!?…。！？](?=\s|$)/u.exec(text.trimStart());
  return match && text.trim().length > match.index + 1 ? match.index : -1;
}
