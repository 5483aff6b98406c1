// One message: safe Markdown, swipes on the last reply, edit, delete, regenerate, continue, and the reply's timings.
import { useState } from 'react';
import type { MessageRecord, ReplyTimings } from '../../db/records';
import { messages } from '../../app/stores';
import { displayText } from './display-text';
import { Markdown } from './Markdown';
import { shownText } from './build-prompt';

export interface MessageActions {
  regenerate(m: MessageRecord): void;
  continueReply(m: MessageRecord): void;
  resend(m: MessageRecord, text: string): void;
  remove(m: MessageRecord): void;
  /** A new chat with the messages up to this one. */
  branch(m: MessageRecord): void;
}

function Timings({ t }: { t: ReplyTimings | undefined }) {
  if (!t) return null;
  const parts = [
    t.firstTokenMs !== undefined && `first token ${Math.round(t.firstTokenMs)} ms`,
    t.firstSentenceMs !== undefined && `first sentence ${Math.round(t.firstSentenceMs)} ms`,
    t.firstAudioMs !== undefined && `first audio ${Math.round(t.firstAudioMs)} ms`,
    t.tokensPerSecond !== undefined && `${t.tokensPerSecond.toFixed(1)} tokens/s`,
  ].filter(Boolean);
  return (
    <p className="timings" data-testid="timings">
      {parts.join(' · ')}
      {t.totalMs !== undefined && (
        <>
          {' '}
          · written in <span data-testid="reply-total-ms">{Math.round(t.totalMs)}</span> ms
        </>
      )}
    </p>
  );
}

interface Props {
  message: MessageRecord;
  names: { char: string; user: string };
  isLast: boolean;
  busy: boolean;
  actions: MessageActions;
}

export function MessageItem({ message, names, isLast, busy, actions }: Props) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const swipe = message.swipes[message.swipeIndex];
  const shown = displayText(shownText(message), names);
  const author = message.role === 'user' ? names.user : message.role === 'assistant' ? names.char : 'System';
  const swipes = message.swipes.length;
  const canSwipe = isLast && message.role === 'assistant';

  const startEdit = () => {
    setText(shownText(message));
    setEditing(true);
  };
  const saveEdit = async (resend: boolean) => {
    setEditing(false);
    if (resend) actions.resend(message, text);
    else if (text !== shownText(message)) await messages().edit(message.id, text);
  };

  return (
    <article
      className={`message message-${message.role}`}
      data-testid={`message-${message.role}`}
      aria-label={`${author} said`}
    >
      <header className="message-head">
        <span className="author">{author}</span>
        {swipe?.model && <span className="muted small model-name">{swipe.model}</span>}
      </header>
      {editing ? (
        <form
          className="edit-form"
          onSubmit={(e) => {
            e.preventDefault();
            void saveEdit(false);
          }}
        >
          <label className="visually-hidden" htmlFor={`edit-${message.id}`}>
            Edit message
          </label>
          <textarea
            id={`edit-${message.id}`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={Math.min(12, text.split('\n').length + 2)}
            autoFocus
          />
          <div className="row">
            <button type="submit">Save</button>
            {message.role === 'user' && (
              <button type="button" onClick={() => void saveEdit(true)} disabled={busy}>
                Save and resend
              </button>
            )}
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="message-body" data-testid="message-text">
          <Markdown text={shown} />
        </div>
      )}
      {message.role === 'assistant' && <Timings t={swipe?.timings} />}
      {!editing && (
        <footer className="message-actions">
          {canSwipe && swipes > 1 && (
            <span className="swipes" role="group" aria-label="Swipes">
              <button
                type="button"
                aria-label="Previous swipe"
                disabled={message.swipeIndex === 0 || busy}
                onClick={() => void messages().setSwipe(message.id, message.swipeIndex - 1)}
              >
                ‹
              </button>
              <span data-testid="swipe-position">
                {message.swipeIndex + 1}/{swipes}
              </span>
              <button
                type="button"
                aria-label="Next swipe"
                disabled={message.swipeIndex >= swipes - 1 || busy}
                onClick={() => void messages().setSwipe(message.id, message.swipeIndex + 1)}
              >
                ›
              </button>
            </span>
          )}
          {canSwipe && (
            <>
              <button type="button" onClick={() => actions.regenerate(message)} disabled={busy}>
                Regenerate
              </button>
              <button type="button" onClick={() => actions.continueReply(message)} disabled={busy}>
                Continue
              </button>
            </>
          )}
          <button type="button" onClick={startEdit} disabled={busy} aria-label={`Edit ${author}'s message`}>
            Edit
          </button>
          <button
            type="button"
            onClick={() => actions.branch(message)}
            disabled={busy}
            aria-label={`Branch a new chat from ${author}'s message`}
          >
            Branch
          </button>
          <button
            type="button"
            onClick={() => actions.remove(message)}
            disabled={busy}
            aria-label={`Delete ${author}'s message`}
          >
            Delete
          </button>
        </footer>
      )}
    </article>
  );
}
