// The chat screen: the character's area (avatar later, portrait now), the virtualised conversation, the composer,
// speech, the prompt inspector and this chat's sampling settings.
import { SpeakRepliesToggle } from '../voice/SpeakRepliesToggle';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useLiveQuery } from '../../db/live';
import { characters, chats, messages, personas, settingsStore } from '../../app/stores';
import { useEngine } from '../../app/engine';
import { useSettings } from '../../app/use-settings';
import type { MessageRecord } from '../../db/records';
import { Portrait } from '../../ui/Portrait';
import { ErrorNote } from '../../ui/ErrorNote';
import { useToast } from '../../ui/toasts';
import { useSpokenReplies } from '../voice/use-spoken-replies';
import { Avatar } from '../avatar/Avatar';
import { VoicePicker } from '../voice/VoicePicker';
import { asVoiceChoice } from '../voice/voice-ids';
import { MessageList } from './MessageList';
import { Composer } from './Composer';
import { PromptInspector } from './PromptInspector';
import { ChatSettings } from './ChatSettings';
import { useChatSession } from './use-chat-session';
import { startChat } from './start-chat';

/** Adds the first-audio figure to a stored reply's timings (its text is unchanged). */
async function addFirstAudio(messageId: string, firstAudioMs: number) {
  const message = await messages().get(messageId);
  const swipe = message?.swipes[message.swipeIndex];
  if (!message || !swipe) return;
  await messages().setSwipeText(message.id, swipe.text, {
    timings: { ...swipe.timings, firstAudioMs },
    model: swipe.model,
  });
}

function EngineBanner() {
  const engine = useEngine();
  if (engine.status === 'loading')
    return (
      <div className="banner" role="status" data-testid="load-progress">
        <progress max={1} value={engine.progress?.fraction ?? undefined} aria-label="Model loading" />{' '}
        {engine.progress?.text ?? 'Loading the model…'}
      </div>
    );
  if (!engine.loaded)
    return (
      <div className="banner" role="status">
        No chat model is loaded. <Link href="/models">Choose and load a model</Link> to get replies.
      </div>
    );
  return null;
}

export default function ChatScreen({ chatId }: { chatId: string }) {
  const chat = useLiveQuery(() => chats().get(chatId), [chatId]);
  const character = useLiveQuery(
    async () => (chat ? ((await characters().get(chat.characterId)) ?? null) : undefined),
    [chat?.characterId],
  );
  const settings = useSettings();
  const personaId = chat?.personaId ?? settings.activePersonaId;
  const persona = useLiveQuery(
    async () => (personaId ? ((await personas().get(personaId)) ?? null) : null),
    [personaId],
  );
  const engine = useEngine();
  const [, navigate] = useLocation();
  const toast = useToast();
  const [panel, setPanel] = useState<'none' | 'prompt' | 'settings'>('none');

  const voiceChoice = asVoiceChoice(character?.voice ?? settings.speech.voice);
  const voice = useSpokenReplies(settings.speech.speakReplies, voiceChoice);
  const session = useChatSession(chatId, { ...voice.listener, stop: voice.stop });

  // The first sentence's audio is ready after the reply may already be stored: add the figure to it then.
  const lastReplyId = useRef<string | null>(null);
  useEffect(() => {
    const first = voice.log[0];
    if (!first || !lastReplyId.current) return;
    void addFirstAudio(lastReplyId.current, first.readyAfterMs);
    lastReplyId.current = null;
  }, [voice.log]);

  if (chat === undefined || character === undefined) return <p className="muted screen-body">Loading…</p>;
  if (chat === null || character === null)
    return (
      <section className="screen-body">
        <h1>Chat not found</h1>
        <p>
          It may have been deleted. <Link href="/characters">Back to your characters</Link>
        </p>
      </section>
    );

  const names = { char: character.card.nickname?.trim() || character.card.name, user: persona?.name || 'User' };
  const busy = engine.status === 'generating' || session.draft !== null;
  const track = async (work: Promise<unknown>) => {
    await work;
    const newest = await messages().last(chatId, 1);
    lastReplyId.current = newest[0]?.role === 'assistant' ? newest[0].id : null;
  };
  const actions = {
    regenerate: (m: MessageRecord) => void track(session.regenerate(m)),
    continueReply: (m: MessageRecord) => void track(session.continueReply(m)),
    resend: (m: MessageRecord, text: string) => void track(session.resend(m, text)),
    remove: async (m: MessageRecord) => {
      await messages().remove(m.id);
      toast({ text: 'Message deleted.' });
    },
    branch: async (m: MessageRecord) => navigate(`/chat/${(await chats().branch(chatId, m.id)).id}`),
  };

  return (
    <div className="chat-screen">
      <header className="chat-head">
        <Link href={`/characters/${character.id}`} className="chat-who" data-testid="chat-character-link">
          <Portrait character={character} size={40} />
          <span>
            <span className="chat-name">{character.card.name}</span>
            <span className="muted small chat-title-line">{chat.title}</span>
          </span>
        </Link>
        <div className="row chat-tools">
          <button
            type="button"
            aria-pressed={panel === 'prompt'}
            onClick={() => setPanel(panel === 'prompt' ? 'none' : 'prompt')}
          >
            Prompt
          </button>
          <button
            type="button"
            aria-pressed={panel === 'settings'}
            onClick={() => setPanel(panel === 'settings' ? 'none' : 'settings')}
          >
            Chat settings
          </button>
          <button type="button" onClick={() => void startChat(character.id).then((id) => navigate(`/chat/${id}`))}>
            New chat
          </button>
        </div>
      </header>
      <aside className="avatar-area" aria-label={`${character.card.name}`}>
        <Avatar character={character} speech={voice.events} mood={session.mood} className="avatar-chat" />
      </aside>
      <div className="chat-main">
        <EngineBanner />
        <ErrorNote
          error={session.error ?? engine.error}
          onDismiss={() => (session.error ? session.clearError() : engine.clearError())}
          testId="chat-error"
        />
        <MessageList chatId={chatId} names={names} draft={session.draft} busy={busy} actions={actions} />
        <div className="speech-row">
          <SpeakRepliesToggle />
          {settings.speech.speakReplies &&
            (character.voice ? (
              <span className="muted small">
                In {character.card.name}&apos;s voice (change it on the character&apos;s page)
              </span>
            ) : (
              <VoicePicker
                value={asVoiceChoice(settings.speech.voice)}
                onChange={(v) => void settingsStore().updateSettings({ speech: { ...settings.speech, voice: v } })}
              />
            ))}
          {settings.speech.speakReplies && (
            <span className="muted small" data-testid="voice-status">
              {voice.ready ? 'Voice ready' : 'Preparing voice…'}
            </span>
          )}
          {voice.audioStatus === 'blocked' && (
            <button type="button" className="primary" onClick={voice.enableSound} data-testid="enable-sound">
              Tap to enable sound
            </button>
          )}
          {voice.audioStatus === 'blocked' && (
            <span className="muted small" role="status">
              The browser paused sound until you interact with the page; the reply waits and plays from where it was.
            </span>
          )}
          {voice.speaking && !busy && (
            <button type="button" onClick={session.stop}>
              Stop speaking
            </button>
          )}
          {voice.error && (
            <span className="error small" role="alert">
              Speech failed: {voice.error}
            </span>
          )}
        </div>
        {settings.speech.speakReplies && voice.log.length > 0 && (
          <details className="speech-log">
            <summary className="muted small">
              Spoken: {voice.log.length} sentences, the first ready after {Math.round(voice.log[0]?.readyAfterMs ?? 0)}{' '}
              ms
            </summary>
            <ol>
              {voice.log.map((entry) => (
                <li key={entry.index} data-testid="spoken-sentence">
                  {entry.text} <span className="muted">(ready after {Math.round(entry.readyAfterMs)} ms)</span>
                </li>
              ))}
            </ol>
          </details>
        )}
        <Composer
          busy={busy}
          canSend={engine.loaded !== null}
          onSend={(text) => void track(session.send(text))}
          onStop={session.stop}
        />
      </div>
      {panel === 'prompt' && (
        <PromptInspector result={session.lastPrompt} onRefresh={session.preview} onClose={() => setPanel('none')} />
      )}
      {panel === 'settings' && <ChatSettings chat={chat} onClose={() => setPanel('none')} />}
    </div>
  );
}
