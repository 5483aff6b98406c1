// Schemas of characters, chat previews and prompt assembly, shared by the sync server, the web app and the OpenAPI document.
import { z } from 'zod';
import { identifierText, storableText } from './text';

export const chatRoleSchema = z.enum(['system', 'user', 'assistant']);

export const chatMessageSchema = z.object({
  role: chatRoleSchema,
  content: storableText(100_000),
  sendDate: z.number().int().nonnegative().optional(),
});
export type ChatMessageInput = z.infer<typeof chatMessageSchema>;

export const personaSchema = z.object({
  name: identifierText(100),
  description: storableText(20_000).optional(),
});

export const promptSettingsSchema = z.object({
  systemPrompt: storableText(50_000),
  postHistoryInstructions: storableText(50_000).optional(),
  preferCardPrompts: z.boolean().optional(),
  authorsNote: storableText(20_000).optional(),
  authorsNoteDepth: z.number().int().min(0).max(1000).optional(),
  responseTokens: z.number().int().min(0).max(1_000_000).optional(),
  loreBudget: z.number().int().min(0).max(1_000_000).optional(),
  scanDepth: z.number().int().min(0).max(1000).optional(),
  messageOverhead: z.number().int().min(0).max(100).optional(),
  timeZone: identifierText(64).optional(),
  locale: identifierText(35).optional(),
});

/** POST /api/chat/preview: the prompt inspector's request. */
export const chatPreviewRequestSchema = z.object({
  characterId: identifierText(100),
  messages: z.array(chatMessageSchema).max(2000),
  userName: identifierText(100).optional(),
});
export type ChatPreviewRequest = z.infer<typeof chatPreviewRequestSchema>;

export const cardExportFormatSchema = z.enum(['png', 'json', 'charx']);

/** The JSON body of POST /api/characters: a V1/V2/V3 card object; the cards reader checks the fields. */
export const cardJsonBodySchema = z.record(z.string(), z.unknown());

const activationReasonSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('constant') }),
  z.object({ type: z.literal('decorator'), decorator: z.enum(['activate', 'keep_activate_after_match']) }),
  z.object({ type: z.literal('sticky'), since: z.number().int() }),
  z.object({
    type: z.literal('key'),
    key: z.string(),
    secondaryKey: z.string().optional(),
    source: z.enum(['message', 'extra', 'recursion']),
    messageIndex: z.number().int().optional(),
    fromEntry: z.string().optional(),
  }),
]);

export const loreFiredSchema = z.object({
  uid: z.string(),
  bookId: z.string(),
  entryIndex: z.number().int(),
  position: z.enum(['before_char', 'after_char', 'personality', 'scenario', 'an_top', 'an_bottom', 'at_depth', 'em_top', 'em_bottom', 'outlet']),
  depth: z.number().int(),
  role: chatRoleSchema,
  tokens: z.number().int(),
  reason: activationReasonSchema,
});

export const loreRejectedSchema = z.object({
  uid: z.string(),
  bookId: z.string(),
  entryIndex: z.number().int(),
  reason: z.string(),
  detail: z.string().optional(),
});

const partTokens = ['system_prompt', 'description', 'personality', 'scenario', 'persona', 'lore', 'examples', 'authors_note', 'history', 'post_history', 'total', 'budget'] as const;

/** POST /api/chat/preview: the assembled messages, what fired in the lorebooks and why, and tokens per part. */
export const chatPreviewResponseSchema = z.object({
  messages: z.array(z.object({ role: chatRoleSchema, content: z.string() })),
  lore: z.object({ activated: z.array(loreFiredSchema), rejected: z.array(loreRejectedSchema), warnings: z.array(z.string()) }),
  tokens: z.object(Object.fromEntries(partTokens.map((k) => [k, z.number().int()])) as Record<(typeof partTokens)[number], z.ZodNumber>),
  dropped: z.object({ exampleBlocks: z.number().int(), historyMessages: z.number().int() }),
  warnings: z.array(z.string()),
});
export type ChatPreviewResponse = z.infer<typeof chatPreviewResponseSchema>;
