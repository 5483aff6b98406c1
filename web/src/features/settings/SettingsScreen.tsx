// Settings: persona, theme, chat defaults (system prompt and sampling), speech, the server account, storage
// and backup.
import { SpeakRepliesToggle } from '../voice/SpeakRepliesToggle';
import { useState } from 'react';
import { settingsStore } from '../../app/stores';
import { useSettings } from '../../app/use-settings';
import { DEFAULT_SETTINGS, type ThemeChoice } from '../../db/records';
import { AccountPanel } from '../account/AccountPanel';
import { useServerHealth } from '../server-status/use-server-health';
import { PersonaSettings } from './PersonaSettings';
import { SamplingFields } from './SamplingFields';
import { StorageSettings } from './StorageSettings';

function SystemPrompt({ value }: { value: string }) {
  const [text, setText] = useState(value);
  return (
    <label className="wide">
      System prompt (a card&apos;s own system prompt replaces it)
      <textarea
        value={text}
        rows={3}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => void settingsStore().updateSettings({ systemPrompt: text })}
      />
      <button
        type="button"
        className="link"
        onClick={() => (
          setText(DEFAULT_SETTINGS.systemPrompt),
          void settingsStore().updateSettings({ systemPrompt: DEFAULT_SETTINGS.systemPrompt })
        )}
      >
        Restore the default
      </button>
    </label>
  );
}

export default function SettingsScreen() {
  const settings = useSettings();
  const health = useServerHealth();
  return (
    <section className="screen-body settings" aria-labelledby="settings-heading">
      <h1 id="settings-heading">Settings</h1>
      <section className="panel" aria-labelledby="persona-heading">
        <h2 id="persona-heading">You (persona)</h2>
        <PersonaSettings />
      </section>
      <section className="panel" aria-labelledby="look-heading">
        <h2 id="look-heading">Appearance</h2>
        <label>
          Theme
          <select
            value={settings.theme}
            onChange={(e) => void settingsStore().updateSettings({ theme: e.target.value as ThemeChoice })}
          >
            <option value="system">Like this device</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
      </section>
      <section className="panel" aria-labelledby="defaults-heading">
        <h2 id="defaults-heading">Chat defaults</h2>
        <p className="muted small">
          Every chat uses these unless its own chat settings change them. The model and engine are chosen under Models.
        </p>
        {/* Keyed so the field shows the stored prompt once IndexedDB has answered. */}
        <SystemPrompt key={settings.systemPrompt} value={settings.systemPrompt} />
        <SamplingFields
          idPrefix="defaults"
          value={settings.sampling}
          onChange={(patch) => void settingsStore().updateSettings({ sampling: { ...settings.sampling, ...patch } })}
        />
      </section>
      <section className="panel" aria-labelledby="speech-heading">
        <h2 id="speech-heading">Speech</h2>
        <SpeakRepliesToggle />
        <p className="muted small">Choose voices and clone new ones under Voices.</p>
        <label className="toggle">
          <input
            type="checkbox"
            checked={settings.speech.moodTags !== false}
            onChange={(e) =>
              void settingsStore().updateSettings({ speech: { ...settings.speech, moodTags: e.target.checked } })
            }
          />{' '}
          Moods from replies
        </label>
        <p className="muted small">
          The model starts each reply with a mood tag such as [happy]; the avatar shows it as an expression and the tag
          is removed from the text and the speech.
        </p>
      </section>
      <AccountPanel serverOnline={health.state === 'online'} />
      <section className="panel" aria-labelledby="storage-heading">
        <h2 id="storage-heading">Storage and backup</h2>
        <StorageSettings />
      </section>
    </section>
  );
}
