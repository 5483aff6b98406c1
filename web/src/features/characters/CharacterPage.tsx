// A character's page: portrait and notes, its chats (open, rename, duplicate, delete), start a chat with a
// chosen greeting, the character's voice, export and delete with undo.
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { greetingTexts } from '@companion/core/prompt';
import { useLiveQuery } from '../../db/live';
import { characters } from '../../app/stores';
import { Avatar } from '../avatar/Avatar';
import { useToast } from '../../ui/toasts';
import { ErrorNote } from '../../ui/ErrorNote';
import { userMessage, type UserFacingError } from '../../ui/user-error';
import { downloadBytes } from './download';
import { displayText } from '../chats/display-text';
import { startChat } from '../chats/start-chat';
import { ChatList } from '../chats/ChatList';
import { CharacterVoice } from './CharacterVoice';

type ExportFormat = 'png' | 'json' | 'charx';

export default function CharacterPage({ id }: { id: string }) {
  const character = useLiveQuery(() => characters().get(id), [id]);
  const [, navigate] = useLocation();
  const toast = useToast();
  const [greeting, setGreeting] = useState(0);
  const [error, setError] = useState<UserFacingError | null>(null);
  const [format, setFormat] = useState<ExportFormat>('png');

  if (character === undefined) return <p className="muted screen-body">Loading…</p>;
  if (character === null)
    return (
      <section className="screen-body">
        <h1>Character not found</h1>
        <p>
          It may have been deleted. <Link href="/characters">Back to your characters</Link>
        </p>
      </section>
    );
  const card = character.card;
  const greetings = greetingTexts(card);

  const run = async (task: () => Promise<void>) => {
    setError(null);
    try {
      await task();
    } catch (e) {
      setError(userMessage(e));
    }
  };
  const begin = () => run(async () => navigate(`/chat/${await startChat(character.id, greeting)}`));
  const exportCard = () =>
    run(async () => {
      const file = await characters().exportFile(character.id, format);
      downloadBytes(file.bytes, file.fileName, file.mimeType);
    });
  const remove = () =>
    run(async () => {
      const snapshot = await characters().remove(character.id);
      navigate('/characters');
      toast({
        text: `Deleted ${card.name} and ${snapshot.chats.length} chat(s).`,
        action: { label: 'Undo', run: () => characters().restore(snapshot) },
      });
    });

  return (
    <article className="screen-body character-page" aria-labelledby="character-name">
      <div className="character-hero">
        <Avatar character={character} className="hero-portrait" />
        <div className="hero-text">
          <h1 id="character-name">{card.name}</h1>
          {card.tags.length > 0 && (
            <ul className="tags" aria-label="Tags">
              {card.tags.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          )}
          {card.creator && (
            <p className="muted small">
              By {card.creator}
              {card.character_version ? `, version ${card.character_version}` : ''}
            </p>
          )}
          {card.creator_notes && <p className="creator-notes">{card.creator_notes}</p>}
          <div className="start-chat">
            {greetings.length > 1 && (
              <label>
                Greeting
                <select value={greeting} onChange={(e) => setGreeting(Number(e.target.value))}>
                  {greetings.map((g, i) => (
                    <option key={i} value={i}>
                      {i === 0 ? 'First message' : `Alternate ${i}`}:{' '}
                      {displayText(g, { char: card.nickname?.trim() || card.name, user: 'you' }).slice(0, 60)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <button type="button" className="primary" onClick={() => void begin()}>
              Start a new chat
            </button>
          </div>
        </div>
      </div>
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      <section aria-labelledby="chats-heading">
        <h2 id="chats-heading">Chats</h2>
        <ChatList characterId={character.id} />
      </section>
      <section aria-labelledby="voice-heading">
        <h2 id="voice-heading">Voice</h2>
        <CharacterVoice character={character} />
      </section>
      <section aria-labelledby="manage-heading" className="manage">
        <h2 id="manage-heading">Manage</h2>
        <div className="row">
          <Link href={`/characters/${character.id}/edit`} className="button">
            Edit character
          </Link>
          <label className="inline">
            Export as
            <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
              <option value="png">PNG card</option>
              <option value="json">JSON (V3)</option>
              <option value="charx">CHARX</option>
            </select>
          </label>
          <button type="button" onClick={() => void exportCard()}>
            Export
          </button>
          <button type="button" className="danger" onClick={() => void remove()}>
            Delete character
          </button>
        </div>
      </section>
    </article>
  );
}
