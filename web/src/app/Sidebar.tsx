// The side bar: where to go (characters, models, voices, settings), recent chats, the model and server state.
// On phones it is a drawer behind a menu button.
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useLiveQuery } from '../db/live';
import { ServerStatus } from '../features/server-status/ServerStatus';
import { useServerHealth } from '../features/server-status/use-server-health';
import { useEngine } from './engine';
import { characters, chats } from './stores';
import { Portrait } from '../ui/Portrait';

const NAV = [
  { href: '/characters', label: 'Characters' },
  { href: '/models', label: 'Models' },
  { href: '/voices', label: 'Voices' },
  { href: '/settings', label: 'Settings' },
];

function RecentChats() {
  const [location] = useLocation();
  const recent = useLiveQuery(async () => {
    const list = await chats().recent(30);
    const ids = [...new Set(list.map((c) => c.characterId))];
    const owners = await Promise.all(ids.map((id) => characters().get(id)));
    const byId = new Map(owners.filter((c) => c !== undefined).map((c) => [c.id, c]));
    return list.map((chat) => ({ chat, character: byId.get(chat.characterId) }));
  }, []);
  if (!recent) return null;
  if (recent.length === 0) return <p className="muted small">No chats yet. Pick a character to start one.</p>;
  return (
    <ul className="recent-chats">
      {recent.map(({ chat, character }) => (
        <li key={chat.id}>
          <Link
            href={`/chat/${chat.id}`}
            className={location === `/chat/${chat.id}` ? 'active' : undefined}
            aria-current={location === `/chat/${chat.id}` ? 'page' : undefined}
          >
            {character && <Portrait character={character} size={28} />}
            <span className="recent-text">
              <span className="recent-name">{character?.card.name ?? 'Deleted character'}</span>
              <span className="recent-title muted">{chat.title}</span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function ModelState() {
  const engine = useEngine();
  const text =
    engine.status === 'loading'
      ? `Loading ${engine.progress?.text ? `: ${engine.progress.text}` : '…'}`
      : engine.loaded
        ? engine.loaded.model.id
        : 'No model loaded';
  return (
    <Link href="/models" className="model-state" data-testid="model-state">
      <span className={`dot dot-${engine.status}`} aria-hidden="true" />
      <span>{text}</span>
    </Link>
  );
}

export function Sidebar() {
  const [location] = useLocation();
  const [open, setOpen] = useState(false);
  const health = useServerHealth();
  // A link followed on a phone closes the drawer.
  useEffect(() => setOpen(false), [location]);
  return (
    <>
      <header className="topbar">
        <button
          type="button"
          className="menu-button"
          aria-expanded={open}
          aria-controls="sidebar"
          onClick={() => setOpen((o) => !o)}
        >
          <span aria-hidden="true">☰</span> Menu
        </button>
        <span className="brand">Companion</span>
      </header>
      <nav id="sidebar" className={`sidebar${open ? ' open' : ''}`} aria-label="Main">
        <div className="sidebar-head">
          <Link href="/" className="brand">
            Companion
          </Link>
          <ServerStatus health={health} />
        </div>
        <Link href="/characters" className="button primary new-chat">
          + New chat
        </Link>
        <ul className="nav-links">
          {NAV.map((item) => {
            const current = location === item.href || location.startsWith(`${item.href}/`);
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className={current ? 'active' : undefined}
                  aria-current={current ? 'page' : undefined}
                >
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
        <h2 className="sidebar-heading">Recent chats</h2>
        <RecentChats />
        <ModelState />
      </nav>
      {open && <div className="scrim" onClick={() => setOpen(false)} aria-hidden="true" />}
    </>
  );
}
