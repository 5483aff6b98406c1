// Personas: who the user is in chats ({{user}}'s name, a description the model sees, an avatar). One is the default.
import { useState } from 'react';
import { useLiveQuery } from '../../db/live';
import { personas, settingsStore } from '../../app/stores';
import { useSettings } from '../../app/use-settings';
import type { PersonaRecord } from '../../db/records';
import { useObjectUrl } from '../../ui/Portrait';

function PersonaForm({ persona, isDefault }: { persona: PersonaRecord; isDefault: boolean }) {
  const [name, setName] = useState(persona.name);
  const [description, setDescription] = useState(persona.description);
  const avatarUrl = useObjectUrl(persona.avatar);
  const save = () => void personas().update(persona.id, { name: name.trim() || persona.name, description });
  return (
    <fieldset className="persona">
      <legend>{persona.name}</legend>
      <div className="grid-2">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} onBlur={save} maxLength={100} />
        </label>
        <div className="portrait-field">
          {avatarUrl && <img src={avatarUrl} alt={`${persona.name}'s avatar`} className="portrait-preview small" />}
          <label className="button file-button">
            Avatar
            <input
              type="file"
              accept="image/*"
              className="visually-hidden"
              onChange={(e) => void personas().update(persona.id, { avatar: e.target.files?.[0] ?? null })}
            />
          </label>
        </div>
      </div>
      <label className="wide">
        Description (the model reads it)
        <textarea value={description} rows={3} onChange={(e) => setDescription(e.target.value)} onBlur={save} />
      </label>
      <div className="row">
        {isDefault ? (
          <span className="badge">Default persona</span>
        ) : (
          <button type="button" onClick={() => void settingsStore().updateSettings({ activePersonaId: persona.id })}>
            Make default
          </button>
        )}
        <button type="button" className="danger" onClick={() => void personas().remove(persona.id)}>
          Delete
        </button>
      </div>
    </fieldset>
  );
}

export function PersonaSettings() {
  const list = useLiveQuery(() => personas().list(), []) ?? [];
  const settings = useSettings();
  const add = async () => {
    const created = await personas().add({
      name: list.length === 0 ? 'You' : `Persona ${list.length + 1}`,
      description: '',
      avatar: null,
    });
    if (!settings.activePersonaId) await settingsStore().updateSettings({ activePersonaId: created.id });
  };
  return (
    <div>
      {list.length === 0 && <p className="muted small">Without a persona, characters call you “User”.</p>}
      {list.map((p) => (
        <PersonaForm key={p.id} persona={p} isDefault={settings.activePersonaId === p.id} />
      ))}
      <button type="button" onClick={() => void add()}>
        Add persona
      </button>
    </div>
  );
}
