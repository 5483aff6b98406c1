// Where the user writes: Enter sends, Shift+Enter starts a new line; Stop while a reply is being written.
import { useState, type FormEvent, type KeyboardEvent } from 'react';

interface Props {
  busy: boolean;
  canSend: boolean;
  onSend(text: string): void;
  onStop(): void;
}

export function Composer({ busy, canSend, onSend, onStop }: Props) {
  const [text, setText] = useState('');
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const trimmed = text.trim();
    if (!trimmed || !canSend) return;
    setText('');
    onSend(trimmed);
  };
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  return (
    <form className="composer" onSubmit={submit}>
      <label className="visually-hidden" htmlFor="composer-input">
        Message
      </label>
      <textarea
        id="composer-input"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKey}
        rows={Math.min(6, Math.max(1, text.split('\n').length))}
        placeholder={canSend ? 'Write a message (Enter sends, Shift+Enter for a new line)' : 'Load a model to chat'}
      />
      {busy ? (
        <button type="button" className="danger" onClick={onStop}>
          Stop
        </button>
      ) : (
        <button type="submit" className="primary" disabled={!canSend || text.trim() === ''}>
          Send
        </button>
      )}
    </form>
  );
}
