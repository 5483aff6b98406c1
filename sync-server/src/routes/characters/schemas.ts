// OpenAPI schemas and route definitions of /api/characters; the handlers are in index.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { cardExportFormatSchema, cardJsonBodySchema, hasControlCharacters } from '@companion/core/schemas';

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .openapi('CharacterError');
const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const err = (description: string) => json(ErrorSchema, description);

// Control characters (NUL above all: PostgreSQL cannot store it) have no place in a search term or a cursor.
const noNul = (max: number) => z.string().max(max).refine((v) => !hasControlCharacters(v), 'must not contain control characters');

export const IdParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: '0b6f1c2e-8d4a-4f3b-9c7e-2a1d5e6f7a8b' }) });

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50).openapi({ description: 'Page size (1-100, default 50)' }),
  cursor: noNul(500).optional().openapi({ description: 'nextCursor of the previous page' }),
  q: noNul(200).optional().openapi({ description: 'Part of the name, any case' }),
  tag: noNul(200).optional().openapi({ description: 'One exact tag, any case' }),
});

export const ExportQuery = z.object({ format: cardExportFormatSchema.default('png').openapi({ description: 'png (default), json (V3) or charx' }) });

// Core's schema (one definition for server, client and document), named here for the document.
const CardObject = cardJsonBodySchema.openapi('CharacterCard', {
  description: 'A character card object in V1 (flat), V2 (chara_card_v2) or V3 (chara_card_v3) shape',
});

const Source = z.object({ spec: z.string(), specVersion: z.string(), container: z.string() });

const VoiceStatus = z
  .object({
    engine: z.string().openapi({ description: 'xtts (a cloned voice) or espeak-ng (built-in)' }),
    voice: z.string().openapi({ description: 'clone:<id> or a built-in voice id', example: 'en-us' }),
    name: z.string(),
    language: z.string().optional(),
    available: z.boolean().openapi({ description: 'false when the voice is gone (deleted, or another user\'s): chat then speaks with the default voice' }),
  })
  .openapi('CharacterVoice', { description: "extensions.companion.voice: the voice chat speaks with when this character is active and tts names no voice" });

const VoiceImport = z
  .object({
    status: z.enum(['imported', 'skipped']),
    voice: z.string().optional().openapi({ description: 'The new clone:<id> made for you (imported)' }),
    name: z.string().optional(),
    code: z.string().optional().openapi({ description: 'Why it was skipped: QUOTA_EXCEEDED or VOICE_ASSET_MISSING' }),
    message: z.string().optional(),
  })
  .openapi('CharacterVoiceImport', { description: 'Only when the card carried a packed voice (CHARX)' });

// The chat tts.voice alphabet; the voice itself is checked by the service (404 not yours, 422 no such built-in).
export const VoiceBody = z
  .object({ voice: z.string().min(1).max(120).regex(/^[A-Za-z0-9_.:+/-]+$/).openapi({ description: 'clone:<id> (one of yours) or a built-in voice id', example: 'en-us' }) })
  .strict()
  .openapi('CharacterVoiceRequest');

export const CharacterSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    tags: z.array(z.string()),
    source: Source.openapi({ description: 'The spec, version and container it was imported from' }),
    card: z.record(z.string(), z.unknown()).openapi({ description: 'The card as a V3 object (unknown fields and extensions kept)' }),
    image: z.object({ size: z.number().int() }).nullable(),
    files: z.array(z.object({ path: z.string(), size: z.number().int() })).openapi({ description: 'Files packed with a CHARX card' }),
    voice: VoiceStatus.nullable(),
    active: z.boolean(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi('Character');

const Imported = CharacterSchema.extend({ warnings: z.array(z.string()), voiceImport: VoiceImport.optional() }).openapi('ImportedCharacter');

const Summary = z
  .object({
    id: z.string(),
    name: z.string(),
    tags: z.array(z.string()),
    spec: z.string(),
    hasImage: z.boolean(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi('CharacterSummary');

const Page = z.object({ items: z.array(Summary), nextCursor: z.string().nullable(), activeId: z.string().nullable() }).openapi('CharacterPage');

const Upload = z.object({
  file: z
    .custom<File>((v) => v instanceof File, 'file must be a file part')
    .openapi({ type: 'string', format: 'binary', description: 'A PNG/APNG, CHARX or JSON card; the type is read from the bytes' }),
});

const badFile = {
  400: err('VALIDATION_FAILED, BROKEN_PNG, BROKEN_ZIP, BAD_BASE64, BAD_JSON or UNSAFE_PATH'),
  413: err('PAYLOAD_TOO_LARGE, TOO_LARGE, ZIP_BOMB or VOICE_ASSET_TOO_LARGE'),
  415: err('UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED or TYPE_MISMATCH (Content-Type or file name disagree with the bytes)'),
  422: err('NOT_A_CARD: a readable file with no character card in it; BAD_VOICE_ASSET: the packed voice or its sample is not usable (nothing is imported)'),
};
const byId = { 400: err('VALIDATION_FAILED'), 404: err('NOT_FOUND: no such character of yours') };
const tags = ['characters'];

export const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Your characters by name, paginated; search by name (q) and tag',
  request: { query: ListQuery },
  responses: { 200: json(Page, 'A page of characters'), 400: err('VALIDATION_FAILED') },
});

export const createCharacterRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Import a card from a JSON object (V1, V2 or V3); always a new character',
  request: { body: { required: true, content: { 'application/json': { schema: CardObject } } } },
  responses: { 201: json(Imported, 'The new character, with import warnings'), ...badFile },
});

export const uploadRoute = createRoute({
  method: 'post',
  path: '/upload',
  tags,
  summary: 'Import a card file (multipart field "file": PNG/APNG, CHARX or JSON); always a new character',
  request: { body: { required: true, content: { 'multipart/form-data': { schema: Upload } } } },
  responses: { 201: json(Imported, 'The new character, with import warnings'), ...badFile },
});

export const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One character',
  request: { params: IdParams },
  responses: { 200: json(CharacterSchema, 'The character'), ...byId },
});

export const updateRoute = createRoute({
  method: 'put',
  path: '/{id}',
  tags,
  summary: 'Replace the card data (any spec); the picture and packed files stay',
  request: { params: IdParams, body: { required: true, content: { 'application/json': { schema: CardObject } } } },
  responses: { 200: json(Imported, 'The updated character'), ...byId, 415: badFile[415], 422: badFile[422] },
});

export const deleteRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete a character (and clear it as the active one)',
  request: { params: IdParams },
  responses: { 204: { description: 'Deleted' }, ...byId },
});

export const activateRoute = createRoute({
  method: 'post',
  path: '/{id}/activate',
  tags,
  summary: 'Make it your active character: chat replies are written as it',
  request: { params: IdParams },
  responses: { 200: json(CharacterSchema, 'The character, now active'), ...byId },
});

export const exportRoute = createRoute({
  method: 'get',
  path: '/{id}/export',
  tags,
  summary: 'Download the card as PNG (chara V2 + ccv3 V3 chunks), V3 JSON or CHARX; re-importing gives the same data',
  request: { params: IdParams, query: ExportQuery },
  responses: {
    200: {
      description: 'The card file, with Content-Disposition: attachment',
      content: {
        'image/png': { schema: z.string().openapi({ format: 'binary' }) },
        'application/json': { schema: z.record(z.string(), z.unknown()) },
        'application/zip': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...byId,
  },
});

export const imageRoute = createRoute({
  method: 'get',
  path: '/{id}/image',
  tags,
  summary: "The character's picture (PNG, or a CHARX icon's own type), for avatars in lists",
  request: { params: IdParams },
  responses: {
    200: { description: 'The picture', content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...byId,
  },
});

export const setVoiceRoute = createRoute({
  method: 'put',
  path: '/{id}/voice',
  tags,
  summary: "Set the character's voice (a built-in voice or one of your clones); stored in the card, exported with it",
  request: { params: IdParams, body: { required: true, content: { 'application/json': { schema: VoiceBody } } } },
  responses: {
    200: json(CharacterSchema, 'The character with its voice'),
    400: err('VALIDATION_FAILED'),
    404: err('NOT_FOUND (character) or VOICE_NOT_FOUND (no such clone of yours)'),
    422: err('UNKNOWN_VOICE: no built-in voice by that id'),
    503: err('TTS_UNAVAILABLE'),
  },
});

export const clearVoiceRoute = createRoute({
  method: 'delete',
  path: '/{id}/voice',
  tags,
  summary: "Remove the character's voice (chat speaks with the default voice)",
  request: { params: IdParams },
  responses: { 200: json(CharacterSchema, 'The character without a voice'), ...byId, 503: err('TTS_UNAVAILABLE') },
});
