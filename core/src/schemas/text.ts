// Text rules shared by every schema: identifiers never hold control characters, stored text never holds NUL.
import { z } from 'zod';

/**
 * C0 and C1 controls, DEL, and the Unicode line and paragraph separators. In a name or id they only hide or forge
 * what a user sees (log lines, lists), and NUL cannot be stored in PostgreSQL text at all.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export const hasControlCharacters = (text: string): boolean => CONTROL_CHARACTERS.test(text);

/** A name or id typed by a person (username, key name, voice name, search term): 1..max characters, no controls. */
export const identifierText = (max: number, min = 1) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !hasControlCharacters(s), 'must not contain control characters');

/** Free text (messages, prompts, speech input): newlines and tabs are fine, NUL is not (PostgreSQL refuses it). */
export const storableText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
