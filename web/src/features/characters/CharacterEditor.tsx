// Create or edit a character: every card field, alternate greetings, the character's lorebook and the portrait.
// Unknown fields and extensions of an imported card stay as they were (core keeps them), so export is lossless.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import type { CardData } from '@companion/core/cards';
import { characters } from '../../app/stores';
import { ErrorNote } from '../../ui/ErrorNote';
import { userMessage, type UserFacingError } from '../../ui/user-error';
import { useObjectUrl } from '../../ui/Portrait';
import { blankBook, blankCard } from './blank-card';
import { LorebookEditor } from './LorebookEditor';

type TextField =
  | 'description'
  | 'personality'
  | 'scenario'
  | 'first_mes'
  | 'mes_example'
  | 'system_prompt'
  | 'post_history_instructions'
  | 'creator_notes';

const TEXT_FIELDS: Array<{ key: TextField; label: string; help: string; rows: number }> = [
  {
    key: 'description',
    label: 'Description',
    help: 'Who the character is: sent to the model with every message.',
    rows: 6,
  },
  { key: 'personality', label: 'Personality', help: 'A short summary of their personality.', rows: 2 },
  { key: 'scenario', label: 'Scenario', help: 'The situation the chat starts in.', rows: 2 },
  { key: 'first_mes', label: 'First message', help: 'How the character opens a new chat.', rows: 4 },
  {
    key: 'mes_example',
    label: 'Example messages',
    help: 'Sample dialogue, blocks separated by <START>; dropped first when the chat gets long.',
    rows: 5,
  },
  {
    key: 'system_prompt',
    label: 'System prompt',
    help: "Replaces the app's system prompt when set; {{original}} brings the app's back.",
    rows: 3,
  },
  {
    key: 'post_history_instructions',
    label: 'Post-history instructions',
    help: 'Placed after the chat, right before the reply.',
    rows: 2,
  },
  { key: 'creator_notes', label: "Creator's notes", help: 'Shown to you, never sent to the model.', rows: 3 },
];

export default function CharacterEditor({ id }: { id?: string }) {
  const [, navigate] = useLocation();
  const [card, setCard] = useState<CardData | null>(id ? null : blankCard());
  const [image, setImage] = useState<Blob | null>(null);
  const [error, setError] = useState<UserFacingError | null>(null);
  const [saving, setSaving] = useState(false);
  const imageUrl = useObjectUrl(image);

  useEffect(() => {
    if (!id) return;
    void characters()
      .get(id)
      .then((c) => {
        if (!c) return setError({ code: 'CHARACTER_NOT_FOUND', message: 'This character no longer exists.' });
        setCard(c.card);
        setImage(c.image);
      });
  }, [id]);

  if (!card) return error ? <ErrorNote error={error} /> : <p className="muted screen-body">Loading…</p>;
  const set = (patch: Partial<CardData>) => setCard({ ...card, ...patch });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!card.name.trim()) return setError({ code: 'CHARACTER_BAD_NAME', message: 'Give the character a name.' });
    setSaving(true);
    setError(null);
    try {
      const saved = id
        ? await characters().update(id, { card, image })
        : await characters().add({ card, image, assets: [], origin: 'created' });
      navigate(`/characters/${saved.id}`);
    } catch (e) {
      setError(userMessage(e));
      setSaving(false);
    }
  };

  return (
    <form className="screen-body editor" onSubmit={(e) => void save(e)} aria-labelledby="editor-heading">
      <div className="screen-head">
        <h1 id="editor-heading">{id ? `Edit ${card.name || 'character'}` : 'New character'}</h1>
        <div className="row">
          <Link href={id ? `/characters/${id}` : '/characters'} className="button">
            Cancel
          </Link>
          <button type="submit" className="primary" disabled={saving}>
            Save
          </button>
        </div>
      </div>
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      <fieldset>
        <legend>Basics</legend>
        <div className="grid-2">
          <label>
            Name
            <input value={card.name} onChange={(e) => set({ name: e.target.value })} required maxLength={200} />
          </label>
          <label>
            Nickname (used for {'{{char}}'} when set)
            <input value={card.nickname ?? ''} onChange={(e) => set({ nickname: e.target.value || undefined })} />
          </label>
          <label>
            Tags (comma-separated)
            <input
              value={card.tags.join(', ')}
              onChange={(e) =>
                set({
                  tags: e.target.value
                    .split(',')
                    .map((t) => t.trim())
                    .filter(Boolean),
                })
              }
            />
          </label>
          <label>
            Creator
            <input value={card.creator} onChange={(e) => set({ creator: e.target.value })} />
          </label>
          <label>
            Version
            <input value={card.character_version} onChange={(e) => set({ character_version: e.target.value })} />
          </label>
          <div className="portrait-field">
            <span>Portrait</span>
            {imageUrl && <img src={imageUrl} alt="Current portrait" className="portrait-preview" />}
            <label className="button file-button">
              Choose a picture
              <input
                type="file"
                accept="image/png,image/jpeg,image/webp"
                className="visually-hidden"
                onChange={(e) => setImage(e.target.files?.[0] ?? image)}
              />
            </label>
            {image && (
              <button type="button" onClick={() => setImage(null)}>
                Remove picture
              </button>
            )}
          </div>
        </div>
      </fieldset>
      <fieldset>
        <legend>Definition</legend>
        {TEXT_FIELDS.map((f) => (
          <label key={f.key} className="wide">
            {f.label}
            <textarea
              value={card[f.key]}
              rows={f.rows}
              onChange={(e) => set({ [f.key]: e.target.value })}
              aria-describedby={`help-${f.key}`}
            />
            <span id={`help-${f.key}`} className="muted small">
              {f.help}
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Alternate greetings</legend>
        <p className="muted small">Offered as other first messages when a chat starts.</p>
        {card.alternate_greetings.map((g, i) => (
          <div key={i} className="greeting-row">
            <label className="wide">
              Greeting {i + 2}
              <textarea
                value={g}
                rows={3}
                onChange={(e) =>
                  set({ alternate_greetings: card.alternate_greetings.map((x, j) => (j === i ? e.target.value : x)) })
                }
              />
            </label>
            <button
              type="button"
              className="danger"
              onClick={() => set({ alternate_greetings: card.alternate_greetings.filter((_, j) => j !== i) })}
              aria-label={`Remove greeting ${i + 2}`}
            >
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set({ alternate_greetings: [...card.alternate_greetings, ''] })}>
          Add greeting
        </button>
      </fieldset>
      <fieldset>
        <legend>Lorebook</legend>
        <LorebookEditor book={card.character_book ?? blankBook()} onChange={(book) => set({ character_book: book })} />
      </fieldset>
      <div className="row">
        <button type="submit" className="primary" disabled={saving}>
          Save
        </button>
      </div>
    </form>
  );
}
