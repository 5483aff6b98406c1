// The voice screen: the default voice for replies, each character's own voice, and cloned voices (loaded on demand).
import { SpeakRepliesToggle } from '../voice/SpeakRepliesToggle';
import { useState } from 'react';
import { useLiveQuery } from '../../db/live';
import { characters, settingsStore } from '../../app/stores';
import { useSettings } from '../../app/use-settings';
import { VoicePicker } from '../voice/VoicePicker';
import { asVoiceChoice } from '../voice/voice-ids';
import { ClonedVoicesSection } from '../voice/ClonedVoicesSection';

function CharacterVoices() {
  const list = useLiveQuery(() => characters().list({ sort: 'lastChat', offset: 0, limit: 200 }), []);
  const [characterId, setCharacterId] = useState('');
  const chosen = list?.items.find((c) => c.id === characterId) ?? list?.items[0];
  if (!list || !chosen) return <p className="muted">No characters yet.</p>;
  return (
    <div className="row">
      <label>
        Character
        <select value={chosen.id} onChange={(e) => setCharacterId(e.target.value)}>
          {list.items.map((c) => (
            <option key={c.id} value={c.id}>
              {c.card.name}
            </option>
          ))}
        </select>
      </label>
      <label className="toggle">
        <input
          type="checkbox"
          checked={chosen.voice !== null}
          onChange={(e) => void characters().update(chosen.id, { voice: e.target.checked ? 'espeak:' : null })}
        />{' '}
        Own voice
      </label>
      {chosen.voice !== null && (
        <VoicePicker
          value={asVoiceChoice(chosen.voice)}
          onChange={(voice) => void characters().update(chosen.id, { voice })}
        />
      )}
    </div>
  );
}

export default function VoicesScreen() {
  const settings = useSettings();
  return (
    <section className="screen-body" aria-labelledby="voices-heading">
      <h1 id="voices-heading">Voices</h1>
      <section className="panel" aria-labelledby="default-voice-heading">
        <h2 id="default-voice-heading">Default voice</h2>
        <p className="muted small">
          Replies are spoken in this voice unless the character has one of its own. espeak-ng voices need no download.
        </p>
        <div className="row">
          <SpeakRepliesToggle />
          <VoicePicker
            value={asVoiceChoice(settings.speech.voice)}
            onChange={(voice) => void settingsStore().updateSettings({ speech: { ...settings.speech, voice } })}
          />
        </div>
      </section>
      <section className="panel" aria-labelledby="character-voice-heading">
        <h2 id="character-voice-heading">A character&apos;s voice</h2>
        <CharacterVoices />
      </section>
      <ClonedVoicesSection />
    </section>
  );
}
