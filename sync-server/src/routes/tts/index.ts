// /api/tts: health, one-shot and streamed synthesis with visemes, viseme tracks, voices, and cloning from a WAV sample.
import { createRoute, z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { CLONE_SAMPLE_POLICY } from '@companion/core/audio';
import { serializeError } from '@companion/core/errors';
import { createRouter } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { encodeAudio, type Voice } from '../../services/voice/index.ts';
import { requestAbort, SSE_HEADERS } from '../chat/sse.ts';
import { ErrorSchema, GenerateResponse, HealthResponse, IdParam, NameSchema, SpeakBody, VisemesBody, VisemesResponse, VoiceModelSchema, VoiceSchema, body, errors, json } from './schemas.ts';
import { audioEvent, b64, sse, visemesEvent } from './speech-events.ts';
import { requireUserId, speechHealth } from './speech-route-helpers.ts';
import { multipartBody, readAudioForm, uploadLimit } from './upload.ts';

const tags = ['tts'];
const healthRoute = createRoute({ method: 'get', path: '/health', tags, summary: 'Speech engines and their state (public)', responses: { 200: json(HealthResponse, 'Engine states') } });
const generateRoute = createRoute({
  method: 'post', path: '/generate', tags, summary: 'Synthesize text: base64 audio with visemes and mouth frames',
  request: { body: body(SpeakBody) },
  responses: { 200: json(GenerateResponse, 'Audio (WAV, or MP3 with format "mp3") and the viseme track'), ...errors },
});
const streamRoute = createRoute({
  method: 'post', path: '/stream', tags, summary: 'Streamed synthesis (Server-Sent Events)',
  description:
    'Sentence by sentence, each in pieces as soon as they exist: `audio` events {index (sentence), chunk (piece within it), final, base64 WAV/MP3 file of the piece alone, visemes, mouth, mouthSource}. XTTS voices send about a second at a time (mouth from the loudness), and after each sentence\'s final piece a `visemes` event {index, durationMs, mouthSource: aligned|envelope, visemes, mouth, fallback?} with the whole sentence\'s lip sync (espeak-ng timings aligned onto the audio; times from the sentence\'s first piece); espeak-ng one piece per sentence with its visemes. Then `end` {chunks, sentences, durationMs}; `error` {code, message} after the headers.',
  request: { body: body(SpeakBody) },
  responses: { 200: { content: { 'text/event-stream': { schema: z.string() } }, description: 'The event stream' }, ...errors },
});
const visemesRoute = createRoute({
  method: 'post', path: '/visemes', tags, summary: 'Text → timed viseme track (no audio)',
  description:
    'espeak-ng voices only. A cloned voice (clone:<id>) answers 422 VISEMES_NEED_AUDIO: XTTS sounds different on every take, so its visemes fit only the audio they were aligned to; POST /api/tts/generate answers that audio with its aligned visemes.',
  request: { body: body(VisemesBody) },
  responses: { 200: json(VisemesResponse, 'Viseme cues and mouth frames'), 422: json(ErrorSchema, 'VISEMES_NEED_AUDIO (a cloned voice)'), ...errors },
});
const voicesRoute = createRoute({ method: 'get', path: '/voices', tags, summary: "Built-in voices and the user's clones (clone:<id>)", responses: { 200: json(z.object({ voices: z.array(VoiceSchema) }), 'Voices') } });
const profilesRoute = createRoute({ method: 'get', path: '/clone/profiles', tags, summary: 'Cloned voice profiles', responses: { 200: json(z.object({ profiles: z.array(VoiceModelSchema) }), 'Profiles') } });
const deleteProfileRoute = createRoute({
  method: 'delete', path: '/clone/profiles/{id}', tags, summary: 'Delete a cloned voice and its sample',
  request: { params: IdParam }, responses: { 204: { description: 'Deleted' }, ...errors },
});

const CloneFields = z.object({ profile_name: NameSchema });

export function createTtsRoutes(voice: Voice) {
  const router = createRouter();
  router.openapi(healthRoute, async (c) => c.json(await speechHealth(voice), 200));

  router.openapi(generateRoute, async (c) => {
    const user = requireUserId(c.get('user'));
    const req = c.req.valid('json');
    const format = req.format ?? 'wav';
    const abort = requestAbort(c);
    const spoken = await voice.synth.speak(user, req, abort.signal);
    const bytes = await encodeAudio(spoken.samples, spoken.sampleRate, format);
    const audio = b64(bytes);
    await voice.synth.record(user, { voice: req.voice ?? 'en-us', engine: spoken.engine, format, chars: req.text.length, durationMs: spoken.durationMs, text: req.text, audio: bytes }, voice.clock.now());
    const { sampleRate, durationMs, engine, visemes, mouth, mouthSource, fallback } = spoken;
    return c.json({ audio, format, sampleRate, durationMs, engine, visemes, mouth, mouthSource, ...(fallback ? { fallback } : {}) }, 200);
  });

  router.openapi(streamRoute, async (c) => {
    const user = requireUserId(c.get('user'));
    const req = c.req.valid('json');
    voice.synth.checkText(req.text);
    const abort = requestAbort(c);
    // Resolved before any header, so an unknown voice or a missing engine is still a status code.
    const { engine, pieces } = await voice.synth.sentences(user, req.text, req, abort.signal);
    for (const [k, v] of Object.entries(SSE_HEADERS)) c.header(k, v);
    return stream(c, async (s) => {
      s.onAbort(() => abort.abort());
      let chunks = 0;
      let sentences = 0;
      let total = 0;
      try {
        for await (const piece of pieces) {
          if (piece.type === 'visemes') {
            await s.write(sse('visemes', visemesEvent(piece.index, piece)));
            continue;
          }
          await s.write(sse('audio', await audioEvent(piece, engine, req.format ?? 'wav', true)));
          chunks += 1;
          if (piece.final) sentences += 1;
          total += piece.durationMs;
        }
        await s.write(sse('end', { chunks, sentences, durationMs: total }));
        // Streamed in pieces: the text is kept, the audio is not (it was never one file).
        await voice.synth.record(user, { voice: req.voice ?? 'en-us', engine, format: req.format ?? 'wav', chars: req.text.length, durationMs: total, text: req.text }, voice.clock.now());
      } catch (error) {
        const { code, message } = error instanceof AppError ? error : serializeError(error);
        if (!abort.signal.aborted) {
          const failed = { voice: req.voice ?? 'en-us', engine, format: req.format ?? 'wav', chars: req.text.length, durationMs: total, text: req.text, status: 'failed' as const };
          await voice.synth.record(user, failed, voice.clock.now()).catch(() => undefined);
        }
        if (!abort.signal.aborted) await s.write(sse('error', { code, message: code === 'INTERNAL' ? 'Internal server error' : message }));
      }
    });
  });

  router.openapi(visemesRoute, async (c) => {
    const user = requireUserId(c.get('user'));
    const req = c.req.valid('json');
    const spoken = await voice.synth.visemes(user, req, requestAbort(c).signal);
    return c.json({ durationMs: spoken.durationMs, engine: spoken.engine, visemes: spoken.visemes, mouth: spoken.mouth, mouthSource: spoken.mouthSource }, 200);
  });

  router.openapi(voicesRoute, async (c) => {
    const user = requireUserId(c.get('user'));
    const builtin = await voice.registry.builtinVoices();
    const clones = await voice.library.listModels(user);
    const voices = [
      ...builtin.map((v) => ({ id: v.id, name: v.name, languages: [...v.languages], engine: v.engine })),
      ...clones.map((m) => ({ id: m.voice, name: m.name, languages: [m.language], engine: m.engine, status: m.status })),
    ];
    return c.json({ voices }, 200);
  });

  // Multipart is read by hand (readAudioForm validates the fields); registered so /openapi.json and the V1 sweep know it.
  router.openAPIRegistry.registerPath({
    method: 'post', path: '/clone', tags, summary: 'Clone a voice from one WAV sample (3-30 s, at most 10 MB)',
    description: 'Needs enough speech (Silero VAD). With XTTS on the server the profile is `ready`; otherwise `pending`, and speaking it answers 503 VOICE_ENGINE_UNAVAILABLE. 20 per hour per user.',
    request: { body: multipartBody({ profile_name: NameSchema }, 'The sample and the profile name') },
    responses: { 201: json(z.object({ profile: VoiceModelSchema }), 'The new profile (voice clone:<id>)'), 413: errors[413], 415: json(z.object({}), 'AUDIO_WRONG_TYPE or not multipart'), 422: json(z.object({}), 'AUDIO_TOO_SHORT, AUDIO_TOO_LONG, AUDIO_SILENT, AUDIO_TRUNCATED ...') },
  });
  router.post('/clone', uploadLimit(CLONE_SAMPLE_POLICY.maxBytes), async (c) => {
    const user = requireUserId(c.get('user'));
    const { bytes, fields } = await readAudioForm(c, 'audio_file', CloneFields, CLONE_SAMPLE_POLICY.maxBytes);
    const model = await voice.library.cloneUpload(user, bytes, fields.profile_name);
    return c.json({ profile: model }, 201);
  });

  router.openapi(profilesRoute, async (c) => c.json({ profiles: await voice.library.listModels(requireUserId(c.get('user'))) }, 200));

  router.openapi(deleteProfileRoute, async (c) => {
    const user = requireUserId(c.get('user'));
    const { id } = c.req.valid('param');
    // A profile made by POST /clone owns its sample; one shared with another voice stays.
    await voice.library.deleteModel(user, id, true);
    return c.body(null, 204);
  });

  return router;
}
