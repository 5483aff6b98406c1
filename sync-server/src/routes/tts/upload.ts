// Reads one multipart audio field: size capped while streaming, then the bytes handed to the upload checks (U1-U2).
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { fieldIssues, validationFailed } from '../../middleware/errors/index.ts';

/** Multipart framing around a 10 MB file is small; anything past this is refused before it is all read. */
const FRAMING_SLACK = 256 * 1024;

export function uploadLimit(maxFileBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxFileBytes + FRAMING_SLACK,
    onError: () => {
      throw new AppError('AUDIO_TOO_LARGE', 413, `The file is larger than ${maxFileBytes} bytes.`, { limitBytes: maxFileBytes });
    },
  });
}

/** Parses multipart/form-data, validates the text fields with `fields`, and returns the file's bytes. */
export async function readAudioForm<T extends z.ZodType>(c: Context<AppEnv>, fileField: string, fields: T, maxFileBytes: number): Promise<{ bytes: Uint8Array; fields: z.infer<T> }> {
  const type = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, `Send multipart/form-data with the audio in "${fileField}".`);
  let form: Record<string, unknown>;
  try {
    form = (await c.req.parseBody({ all: false })) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('BAD_REQUEST', 400, 'The multipart body could not be read.');
  }
  const file = form[fileField];
  if (!(file instanceof File)) throw validationFailed([{ field: `form.${fileField}`, message: 'a file is required' }]);
  if (file.size > maxFileBytes) throw new AppError('AUDIO_TOO_LARGE', 413, `The file is larger than ${maxFileBytes} bytes.`, { limitBytes: maxFileBytes });
  const text: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) if (k !== fileField && typeof v === 'string') text[k] = v;
  const parsed = fields.safeParse(text);
  if (!parsed.success) throw validationFailed(fieldIssues(parsed.error, 'form'));
  return { bytes: new Uint8Array(await file.arrayBuffer()), fields: parsed.data as z.infer<T> };
}

/** The OpenAPI request body of an audio upload route: `audio_file` plus the text fields. */
export function multipartBody(fields: Record<string, z.ZodType>, description: string) {
  return {
    required: true,
    description,
    content: { 'multipart/form-data': { schema: z.object({ audio_file: z.string().openapi({ format: 'binary' }), ...fields }) } },
  };
}
