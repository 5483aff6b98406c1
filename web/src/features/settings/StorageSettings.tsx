// Storage and backup: how much this app uses of what the browser allows, whether it is kept safe from eviction,
// one-file backup and restore, SillyTavern chats and world info files.
import { useEffect, useState } from 'react';
import { useLiveQuery } from '../../db/live';
import { characters, lorebooks } from '../../app/stores';
import { estimate, type StorageEstimate } from '../../db/storage';
import { createBackupStore, type BackupSummary } from '../../db/backup';
import { formatBytes } from '../../lib/format-bytes';
import { downloadBytes } from '../characters/download';
import { userMessage } from '../../ui/user-error';

type UsageInfo = StorageEstimate & { persisted: boolean };

async function usage(): Promise<UsageInfo | null> {
  const e = await estimate();
  return e && { ...e, persisted: (await navigator.storage?.persisted?.()) ?? false };
}

function Usage() {
  const [info, setInfo] = useState<UsageInfo | null | undefined>(undefined);
  const refresh = () => void usage().then(setInfo);
  useEffect(refresh, []);
  if (info === undefined) return <p className="muted">Measuring…</p>;
  if (info === null) return <p className="muted">This browser does not say how much space the app may use.</p>;
  return (
    <div>
      <p data-testid="storage-usage">
        {formatBytes(info.usage)} used of {formatBytes(info.quota)} this browser allows.{' '}
        {info.persisted
          ? 'Kept safe: the browser will not clear it to free space.'
          : 'Not yet protected: the browser may clear it when the disk is full.'}
      </p>
      <meter min={0} max={info.quota} value={info.usage} aria-label="Storage used" />
      {!info.persisted && (
        <button type="button" onClick={() => void navigator.storage.persist().then(refresh)}>
          Keep my data safe
        </button>
      )}
    </div>
  );
}

function Lorebooks() {
  const list = useLiveQuery(() => lorebooks().list(), []) ?? [];
  if (list.length === 0) return <p className="muted small">No standalone lorebooks yet.</p>;
  return (
    <ul className="checklist">
      {list.map((b) => (
        <li key={b.id} className="row">
          <label className="toggle">
            <input
              type="checkbox"
              checked={b.scope === 'global' && b.enabled}
              onChange={(e) =>
                void lorebooks().update(b.id, {
                  scope: e.target.checked ? 'global' : 'chat',
                  enabled: e.target.checked,
                })
              }
            />
            {b.name}{' '}
            <span className="muted small">
              ({b.book.entries.length} entries;{' '}
              {b.scope === 'global' && b.enabled ? 'in every chat' : 'only in chats you add it to'})
            </span>
          </label>
          <button
            type="button"
            className="danger"
            onClick={() => void lorebooks().remove(b.id)}
            aria-label={`Delete lorebook ${b.name}`}
          >
            Delete
          </button>
        </li>
      ))}
    </ul>
  );
}

export function StorageSettings() {
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [stCharacter, setStCharacter] = useState('');
  const chars = useLiveQuery(() => characters().list({ sort: 'name', offset: 0, limit: 500 }), []);
  const run = async (task: () => Promise<string>) => {
    setStatus(null);
    try {
      setStatus({ ok: true, text: await task() });
    } catch (e) {
      setStatus({ ok: false, text: userMessage(e).message });
    }
  };
  const fileBytes = async (file: File) => new Uint8Array(await file.arrayBuffer());
  return (
    <div className="storage-settings">
      <Usage />
      <h3>Backup</h3>
      <p className="muted small">
        One file with your characters, chats, lorebooks, personas, settings and cloned voices. Model files are not
        included (download them again).
      </p>
      <div className="row">
        <button
          type="button"
          onClick={() =>
            void run(async () => {
              const bytes = await createBackupStore().exportBackup();
              downloadBytes(bytes, `companion-backup-${new Date().toISOString().slice(0, 10)}.zip`, 'application/zip');
              return `Backup saved (${formatBytes(bytes.byteLength)}).`;
            })
          }
        >
          Export everything
        </button>
        <label className="button file-button">
          Restore a backup
          <input
            type="file"
            accept=".zip,application/zip"
            className="visually-hidden"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file)
                void run(
                  async () => `Restored: ${describe(await createBackupStore().importBackup(await fileBytes(file)))}.`,
                );
            }}
          />
        </label>
      </div>
      <h3>Lorebooks (world info)</h3>
      <label className="button file-button">
        Import world info
        <input
          type="file"
          accept=".json,application/json"
          multiple
          className="visually-hidden"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            void run(async () => {
              const names: string[] = [];
              for (const f of files)
                names.push((await lorebooks().importFile(await fileBytes(f), f.name)).lorebook.name);
              return `Imported ${names.join(', ')}.`;
            });
          }}
        />
      </label>
      <Lorebooks />
      <h3>SillyTavern chats</h3>
      <div className="row">
        <label>
          Character
          <select value={stCharacter} onChange={(e) => setStCharacter(e.target.value)}>
            <option value="">Choose…</option>
            {chars?.items.map((c) => (
              <option key={c.id} value={c.id}>
                {c.card.name}
              </option>
            ))}
          </select>
        </label>
        <label className={`button file-button${stCharacter ? '' : ' disabled'}`}>
          Import chat (.jsonl)
          <input
            type="file"
            accept=".jsonl"
            className="visually-hidden"
            disabled={!stCharacter}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file)
                void run(
                  async () =>
                    `Imported a chat of ${(await createBackupStore().importSillyTavernChat(await fileBytes(file), stCharacter, file.name)).messageCount} messages.`,
                );
            }}
          />
        </label>
      </div>
      {status && (
        <p className={status.ok ? 'status' : 'error'} role={status.ok ? 'status' : 'alert'}>
          {status.text}
        </p>
      )}
    </div>
  );
}

/** "3 characters, 12 messages added; 2 records left as they were" from a restore's summary. */
function describe(summary: BackupSummary): string {
  const entries = Object.entries(summary);
  const added = entries.filter(([, n]) => n.added > 0).map(([table, n]) => `${n.added} ${table}`);
  const kept = entries.reduce((sum, [, n]) => sum + n.kept, 0);
  return `${added.length > 0 ? `${added.join(', ')} added` : 'nothing new'}${kept > 0 ? `; ${kept} records differ from yours and were left as they are` : ''}`;
}
