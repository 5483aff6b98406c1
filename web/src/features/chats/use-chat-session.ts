// One chat's conversation with the loaded model: send, regenerate (a new swipe), continue, stop; the reply streams
// into a draft and is stored with its model and timings. A new prompt first cancels the running one.
import { useCallback, useEffect, useRef, useState } from 'react';
import { CodedError } from '@companion/core/errors';
import type { PromptResult } from '@companion/core/prompt';
import { modelLabel, useEngine } from '../../app/engine';
import { characters, chats, lorebooks, messages, personas, settingsStore } from '../../app/stores';
import type { MessageRecord, ReplyTimings, SamplingSettings } from '../../db/records';
import { userMessage, type UserFacingError } from '../../ui/user-error';
import { buildPrompt, contextSizeFor, modelTokenizer, shownText } from './build-prompt';
import { effectiveSampling } from '../../app/sampling';
import { askToPersistOnce } from '../../app/persist';
import { firstSentenceEnd } from './display-text';
import { EMOTION_TAG_INSTRUCTION, EmotionTagStream, stripEmotionTags } from '@companion/core/text';
import type { ReplyListener } from '../voice/use-spoken-replies';

/** Messages read for a prompt: more than any browser context holds, far fewer than a long chat has. */
const HISTORY_WINDOW = 400;

export type ReplyKind = 'new' | 'regenerate' | 'continue';

export interface Draft {
  kind: ReplyKind;
  /** The message a regenerate or continue writes into. */
  targetId?: string;
  text: string;
}

/** "Continue" asks for more of the last reply; engines with chat templates cannot resume a turn mid-way. */
const CONTINUE_NUDGE = '[Continue your last message from exactly where it stopped, without repeating it.]';

export function useChatSession(chatId: string, voice: ReplyListener & { stop(): void }) {
  const engine = useEngine();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<UserFacingError | null>(null);
  const [lastPrompt, setLastPrompt] = useState<PromptResult | null>(null);
  /** The latest reply's mood, from its emotion tag, for the avatar's expression. */
  const [mood, setMood] = useState<string | null>(null);
  const running = useRef<Promise<void> | null>(null);
  const engineRef = useRef(engine);
  engineRef.current = engine;
  const voiceRef = useRef(voice);
  voiceRef.current = voice;

  /** The ResourceGuard: leaving the chat stops the reply, the speech queue and playback. */
  useEffect(
    () => () => {
      engineRef.current.cancel();
      voiceRef.current.stop();
    },
    [],
  );

  const stop = useCallback(() => {
    engineRef.current.cancel();
    voiceRef.current.stop();
  }, []);

  /** Everything the prompt needs, read fresh from the database. */
  const sources = useCallback(async () => {
    const chat = await chats().get(chatId);
    if (!chat) throw new CodedError('CHAT_NOT_FOUND', 'This chat no longer exists.', { recoverable: false });
    const character = await characters().get(chat.characterId);
    if (!character)
      throw new CodedError('CHARACTER_NOT_FOUND', 'The character of this chat was deleted.', { recoverable: false });
    const settings = await settingsStore().getSettings();
    const personaId = chat.personaId ?? settings.activePersonaId;
    const persona = personaId ? ((await personas().get(personaId)) ?? null) : null;
    const books = await lorebooks().list();
    const history = await messages().last(chatId, HISTORY_WINDOW);
    const sampling: SamplingSettings = effectiveSampling(settings, chat);
    return { chat, character, settings, persona, lorebooks: books, history, sampling };
  }, [chatId]);

  /** The prompt for `history`, measured with the loaded model's tokenizer where it can count. */
  const assemble = useCallback(async (src: Awaited<ReturnType<typeof sources>>, history: MessageRecord[]) => {
    const eng = engineRef.current;
    const input = {
      ...src,
      history,
      contextSize: contextSizeFor(eng.loaded?.model.id),
      maxReplyTokens: src.sampling.maxTokens,
    };
    return buildPrompt({ ...input, tokenizer: await modelTokenizer(input, eng.countTokens) });
  }, []);

  const preview = useCallback(async (): Promise<PromptResult> => {
    const src = await sources();
    const prompt = await assemble(src, src.history);
    setLastPrompt(prompt);
    return prompt;
  }, [sources, assemble]);

  const generateReply = useCallback(
    async (kind: ReplyKind, target?: MessageRecord) => {
      const eng = engineRef.current;
      if (!eng.loaded)
        throw new CodedError('MODEL_NOT_LOADED', 'Load a chat model first (Models, in the menu).', {
          recoverable: true,
        });
      const src = await sources();
      let history = src.history;
      if (kind === 'regenerate' && target) history = history.filter((m) => m.seq < target.seq);
      const prompt = await assemble(src, history);
      setLastPrompt(prompt);
      await chats().update(chatId, { loreState: prompt.loreState, vars: prompt.vars });
      const moodTags = src.settings.speech.moodTags !== false;
      const promptMessages = withMoodInstruction(
        kind === 'continue' ? [...prompt.messages, { role: 'user' as const, content: CONTINUE_NUDGE }] : prompt.messages,
        moodTags,
      );
      // Tags come out before the text reaches the draft, the speech queue or the stored message.
      const tags = moodTags ? new EmotionTagStream((m) => setMood(m)) : null;

      setDraft({ kind, targetId: target?.id, text: '' });
      voiceRef.current.onStart();
      const started = performance.now();
      let written = '';
      let firstSentenceMs: number | undefined;
      const s = src.sampling;
      const result = await eng.generate(
        promptMessages,
        {
          temperature: s.temperature,
          topP: s.topP,
          maxTokens: s.maxTokens,
          stop: s.stop.slice(0, 8),
          topK: s.topK,
          repetitionPenalty: s.repetitionPenalty,
        },
        (raw) => {
          const delta = tags ? tags.push(raw) : raw;
          if (!delta) return;
          written += delta;
          if (firstSentenceMs === undefined && firstSentenceEnd(written) >= 0)
            firstSentenceMs = performance.now() - started;
          voiceRef.current.onDelta(delta);
          setDraft((d) => (d ? { ...d, text: d.text + delta } : d));
        },
      );
      const tail = tags?.flush() ?? '';
      if (tail) {
        voiceRef.current.onDelta(tail);
        setDraft((d) => (d ? { ...d, text: d.text + tail } : d));
      }
      voiceRef.current.onEnd();
      const timings: ReplyTimings = {
        firstTokenMs: result.timings.timeToFirstTokenMs,
        firstSentenceMs,
        tokensPerSecond: result.timings.decodeTokensPerSecond,
        totalMs: result.timings.totalMs,
        tokens: result.usage.completionTokens,
      };
      const model = modelLabel(eng.loaded);
      const text = (moodTags ? stripEmotionTags(result.text).text : result.text).trim();
      if (kind === 'new' && text) return messages().append(chatId, { role: 'assistant', text, model, timings });
      if (kind === 'regenerate' && target && text) return messages().addSwipe(target.id, { text, model, timings });
      if (kind === 'continue' && target && text) {
        const before = shownText(target);
        const joined = /\s$/.test(before) || /^[\s,.;:!?]/.test(text) ? before + text : `${before} ${text}`;
        return messages().setSwipeText(target.id, joined, { model, timings });
      }
      return undefined;
    },
    [chatId, sources, assemble],
  );

  /** Runs one turn; a turn already running is cancelled first (a new prompt replaces it). */
  const turn = useCallback(
    async (work: () => Promise<void>) => {
      if (running.current) {
        stop();
        await running.current.catch(() => undefined);
      }
      setError(null);
      const task = (async () => {
        try {
          await work();
        } catch (e) {
          setError(userMessage(e));
        } finally {
          setDraft(null);
        }
      })();
      running.current = task;
      await task;
      if (running.current === task) running.current = null;
    },
    [stop],
  );

  const send = useCallback(
    (text: string) =>
      turn(async () => {
        await messages().append(chatId, { role: 'user', text });
        askToPersistOnce();
        await generateReply('new');
      }),
    [chatId, generateReply, turn],
  );

  /** The user's message changed: keep the edit, drop what came after it, and answer again. */
  const resend = useCallback(
    (message: MessageRecord, text: string) =>
      turn(async () => {
        if (text !== shownText(message)) await messages().edit(message.id, text);
        await messages().removeAfter(chatId, message.seq);
        await generateReply('new');
      }),
    [chatId, generateReply, turn],
  );

  const regenerate = useCallback(
    (target: MessageRecord) => turn(async () => void (await generateReply('regenerate', target))),
    [generateReply, turn],
  );
  const continueReply = useCallback(
    (target: MessageRecord) => turn(async () => void (await generateReply('continue', target))),
    [generateReply, turn],
  );
  const replyNow = useCallback(() => turn(async () => void (await generateReply('new'))), [generateReply, turn]);

  return {
    draft,
    mood,
    error,
    clearError: () => setError(null),
    lastPrompt,
    preview,
    send,
    resend,
    regenerate,
    continueReply,
    replyNow,
    stop,
  };
}

type PromptMessage = PromptResult['messages'][number];

/** Asks the model for a mood tag in the system message (the tags are removed again before anyone sees them). */
function withMoodInstruction(messages: PromptMessage[], on: boolean): PromptMessage[] {
  if (!on) return messages;
  const [first, ...rest] = messages;
  if (first?.role === 'system') return [{ ...first, content: `${first.content}\n\n${EMOTION_TAG_INSTRUCTION}` }, ...rest];
  return [{ role: 'system', content: EMOTION_TAG_INSTRUCTION } as PromptMessage, ...messages];
}
