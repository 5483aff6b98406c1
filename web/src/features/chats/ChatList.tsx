// A character's chats, newest first: open, rename, duplicate and delete (with undo).
import { useState } from 'react';
import { Link } from 'wouter';
import { useLiveQuery } from '../../db/live';
import { chats } from '../../app/stores';
import { useToast } from '../../ui/toasts';
import type { ChatRecord } from '../../db/records';

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function ChatRow({ chat }: { chat: ChatRecord }) {
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(chat.title);
  const toast = useToast();
  const save = async () => {
    if (title.trim()) await chats().rename(chat.id, title.trim());
    setRenaming(false);
  };
  const remove = async () => {
    const snapshot = await chats().remove(chat.id);
    toast({ text: `Deleted “${chat.title}”.`, action: { label: 'Undo', run: () => chats().restore(snapshot) } });
  };
  return (
    <li className="chat-row">
      {renaming ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label className="visually-hidden" htmlFor={`title-${chat.id}`}>
            Chat title
          </label>
          <input
            id={`title-${chat.id}`}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            autoFocus
            maxLength={120}
          />
          <button type="submit">Save</button>
          <button type="button" onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <Link href={`/chat/${chat.id}`} className="chat-link">
          <span className="chat-title">{chat.title}</span>
          <span className="muted small">
            {chat.messageCount} messages · {when(chat.updatedAt)}
          </span>
          {chat.preview && <span className="chat-preview muted">{chat.preview}</span>}
        </Link>
      )}
      {!renaming && (
        <div className="row chat-actions">
          <button type="button" onClick={() => setRenaming(true)} aria-label={`Rename ${chat.title}`}>
            Rename
          </button>
          <button type="button" className="danger" onClick={() => void remove()} aria-label={`Delete ${chat.title}`}>
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

export function ChatList({ characterId }: { characterId: string }) {
  const list = useLiveQuery(() => chats().listForCharacter(characterId), [characterId]);
  if (!list) return null;
  if (list.length === 0) return <p className="muted">No chats with this character yet.</p>;
  return (
    <ul className="chat-list" aria-label="Chats">
      {list.map((chat) => (
        <ChatRow key={chat.id} chat={chat} />
      ))}
    </ul>
  );
}
