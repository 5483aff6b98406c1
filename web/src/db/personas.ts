// The user's personas (the name {{user}} expands to, a description, an avatar).
import { CodedError } from '@companion/core/errors';
import { appDb, type AppDatabase } from './app-db';
import { mutate } from './outbox';
import type { PersonaRecord } from './records';

export const PERSONA_NAME_MAX = 80;

export type NewPersona = Pick<PersonaRecord, 'name'> & Partial<Pick<PersonaRecord, 'description' | 'avatar'>>;
export type PersonaPatch = Partial<Pick<PersonaRecord, 'name' | 'description' | 'avatar'>>;

export interface PersonaStore {
  /** By name. */
  list(): Promise<PersonaRecord[]>;
  get(id: string): Promise<PersonaRecord | undefined>;
  add(persona: NewPersona): Promise<PersonaRecord>;
  update(id: string, patch: PersonaPatch): Promise<PersonaRecord>;
  remove(id: string): Promise<void>;
}

function cleanName(name: string): string {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  if (trimmed.length === 0) throw new CodedError('PERSONA_BAD_NAME', 'Give the persona a name.', { recoverable: true });
  if (trimmed.length > PERSONA_NAME_MAX)
    throw new CodedError('PERSONA_BAD_NAME', `Persona names are at most ${PERSONA_NAME_MAX} characters.`, { recoverable: true });
  return trimmed;
}

export function createPersonaStore(db: AppDatabase = appDb(), now: () => number = Date.now): PersonaStore {
  return {
    list: () => db.personas.orderBy('name').toArray(),
    get: (id) => db.personas.get(id),
    add: (p) =>
      mutate(
        db,
        [db.personas],
        async (w) => {
          const record: PersonaRecord = {
            id: crypto.randomUUID(),
            name: cleanName(p.name),
            description: p.description ?? '',
            avatar: p.avatar ?? null,
            createdAt: w.at,
            updatedAt: w.at,
          };
          await w.put(db.personas, record);
          return record;
        },
        { now },
      ),
    update: (id, patch) =>
      mutate(
        db,
        [db.personas],
        async (w) => {
          const current = await db.personas.get(id);
          if (!current) throw new CodedError('PERSONA_NOT_FOUND', 'That persona no longer exists.', { details: { id } });
          const next: PersonaRecord = {
            ...current,
            ...(patch.name !== undefined && { name: cleanName(patch.name) }),
            ...(patch.description !== undefined && { description: patch.description }),
            ...(patch.avatar !== undefined && { avatar: patch.avatar }),
            updatedAt: w.at,
          };
          await w.put(db.personas, next);
          return next;
        },
        { now },
      ),
    remove: (id) => mutate(db, [db.personas], (w) => w.delete(db.personas, id), { now }),
  };
}
