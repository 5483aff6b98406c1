// /api/characters: list, import (JSON body or uploaded file), read, edit, delete, activate, set the voice and export cards.
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { createRouter } from '../../app-env.ts';
import { unauthorized } from '../../errors.ts';
import type { CharacterService } from '../../services/characters/index.ts';
import {
  activateRoute,
  clearVoiceRoute,
  createCharacterRoute,
  deleteRoute,
  exportRoute,
  getRoute,
  imageRoute,
  listRoute,
  setVoiceRoute,
  updateRoute,
  uploadRoute,
} from './schemas.ts';

export { createChatPreviewRoutes } from './preview.ts';

function userId(c: Context<AppEnv>): string {
  const user = c.get('user');
  if (!user) throw unauthorized();
  return user.id;
}

/** RFC 6266: an ASCII fallback name plus the exact name in RFC 5987 encoding for clients that read it. */
export function contentDisposition(asciiName: string, realName: string): string {
  const encoded = encodeURIComponent(realName).replace(/['()*!]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}

export function createCharacterRoutes(service: CharacterService) {
  const router = createRouter();

  router.openapi(listRoute, async (c) => c.json(await service.list(userId(c), c.req.valid('query')), 200));

  router.openapi(createCharacterRoute, async (c) => c.json(await service.importObject(userId(c), c.req.valid('json')), 201));

  router.openapi(uploadRoute, async (c) => {
    const id = userId(c);
    const { file } = c.req.valid('form');
    // The body limit middleware has already capped the request while it streamed in (U2).
    const bytes = new Uint8Array(await file.arrayBuffer());
    return c.json(await service.importFile(id, bytes, { contentType: file.type, filename: file.name }), 201);
  });

  router.openapi(getRoute, async (c) => c.json(await service.get(userId(c), c.req.valid('param').id), 200));

  router.openapi(updateRoute, async (c) => c.json(await service.update(userId(c), c.req.valid('param').id, c.req.valid('json')), 200));

  router.openapi(deleteRoute, async (c) => {
    await service.remove(userId(c), c.req.valid('param').id);
    return c.body(null, 204);
  });

  router.openapi(activateRoute, async (c) => c.json(await service.activate(userId(c), c.req.valid('param').id), 200));

  router.openapi(setVoiceRoute, async (c) => c.json(await service.setVoice(userId(c), c.req.valid('param').id, c.req.valid('json').voice), 200));

  router.openapi(clearVoiceRoute, async (c) => c.json(await service.setVoice(userId(c), c.req.valid('param').id, null), 200));

  router.openapi(imageRoute, async (c) => {
    const image = await service.image(userId(c), c.req.valid('param').id);
    return c.body(image.bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': image.contentType, 'cache-control': 'private, no-cache' });
  });

  router.openapi(exportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const file = await service.export(userId(c), id, c.req.valid('query').format);
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.contentType,
      'content-disposition': contentDisposition(file.filename, file.realName),
      'cache-control': 'no-store',
    });
  });

  return router;
}
