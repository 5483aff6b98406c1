// The character library: portraits in a grid or a list, search by name or tag, sort by last chat, import by file
// picker or drag and drop, and a button to write a new character.
import { useState, type DragEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useLiveQuery } from '../../db/live';
import { characters } from '../../app/stores';
import { Portrait } from '../../ui/Portrait';
import { CARD_FILE_TYPES, useCardImport } from './use-card-import';

const PAGE = 60;
type Sort = 'lastChat' | 'name' | 'created';

export default function CharacterLibrary() {
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort>('lastChat');
  const [layout, setLayout] = useState<'grid' | 'list'>('grid');
  const [limit, setLimit] = useState(PAGE);
  const [dragging, setDragging] = useState(false);
  const [, navigate] = useLocation();
  const importer = useCardImport();
  const page = useLiveQuery(
    () => characters().list({ search: search.trim() || undefined, sort, offset: 0, limit }),
    [search, sort, limit],
  );

  const onFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const results = await importer.importFiles(Array.from(files));
    const only = results.length === 1 ? results[0] : undefined;
    if (only?.ok && only.characterId) navigate(`/characters/${only.characterId}`);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void onFiles(event.dataTransfer.files);
  };

  return (
    <section
      className={`screen-body library${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      aria-labelledby="library-heading"
    >
      <div className="screen-head">
        <h1 id="library-heading">Characters</h1>
        <div className="row">
          <label className="button file-button">
            Import character
            <input
              type="file"
              accept={CARD_FILE_TYPES}
              multiple
              className="visually-hidden"
              onChange={(e) => void onFiles(e.target.files).then(() => (e.target.value = ''))}
              disabled={importer.busy}
            />
          </label>
          <Link href="/characters/new" className="button">
            Create character
          </Link>
        </div>
      </div>
      <p className="muted small">
        Drop character cards (PNG, JSON or CHARX from SillyTavern, Chub, RisuAI…) anywhere here to import them. Nothing
        is overwritten: a card with a name you already have is added beside it.
      </p>
      {importer.outcomes.length > 0 && (
        <ul className="import-results" role="status" data-testid="import-results">
          {importer.outcomes.map((o, i) => (
            <li key={i} className={o.ok ? 'ok' : 'error'}>
              {o.text} {o.ok && o.characterId && <Link href={`/characters/${o.characterId}`}>Open</Link>}
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar" role="search">
        <label>
          Search
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or tag" />
        </label>
        <label>
          Sort by
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="lastChat">Last chat</option>
            <option value="name">Name</option>
            <option value="created">Newest</option>
          </select>
        </label>
        <div className="segmented" role="group" aria-label="Layout">
          <button type="button" aria-pressed={layout === 'grid'} onClick={() => setLayout('grid')}>
            Grid
          </button>
          <button type="button" aria-pressed={layout === 'list'} onClick={() => setLayout('list')}>
            List
          </button>
        </div>
      </div>
      {page === undefined ? (
        <p className="muted">Loading…</p>
      ) : page.total === 0 ? (
        <p className="empty">
          {search ? `No character matches “${search}”.` : 'No characters yet: import a card or create one.'}
        </p>
      ) : (
        <>
          <ul className={`character-${layout}`} aria-label="Characters">
            {page.items.map((c) => (
              <li key={c.id}>
                <Link href={`/characters/${c.id}`} className="character-tile" data-testid="character-tile">
                  <Portrait character={c} className="tile-portrait" />
                  <span className="tile-text">
                    <span className="tile-name">{c.card.name}</span>
                    {c.card.tags.length > 0 && (
                      <span className="tile-tags muted">{c.card.tags.slice(0, 4).join(' · ')}</span>
                    )}
                    {layout === 'list' && c.card.creator_notes && (
                      <span className="tile-notes muted">{c.card.creator_notes.slice(0, 160)}</span>
                    )}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          {page.total > page.items.length && (
            <button type="button" onClick={() => setLimit((l) => l + PAGE)}>
              Show more ({page.total - page.items.length} left)
            </button>
          )}
        </>
      )}
    </section>
  );
}
