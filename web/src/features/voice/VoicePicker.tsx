// Picks the voice replies are spoken in: cloned voices (XTTS), espeak-ng voices (built in), the signed-in user's
// server voices, or the browser's own voices.
import { useEffect, useState } from 'react';
import type { TtsVoice } from '@companion/core/speech';
import { loadBrowserVoices } from './browser-voices';
import { ttsWorker } from './tts-client';
import { useAccount, account } from '../account/account';
import type { ServerVoice } from './server-speech';
import { CLONE_PREFIX, SERVER_PREFIX, type VoiceChoice } from './voice-ids';

/** The server's espeak-ng voice offered beside its clones (saves this device espeak-ng's 24 MB of data). */
const SERVER_ESPEAK_DEFAULT = 'gmw/en-US';

/** Voices of the signed-in user's server worth offering here: their server-side clones and one built-in voice. */
function useServerVoices(): ServerVoice[] {
  const signedIn = useAccount().status === 'signed-in';
  const [voices, setVoices] = useState<ServerVoice[]>([]);
  useEffect(() => {
    if (!signedIn) return setVoices([]);
    let live = true;
    void import('./server-speech')
      .then(({ listServerVoices }) => listServerVoices((path, init) => account().authorizedFetch(path, init)))
      .then((all) => live && setVoices(all.filter((v) => v.engine !== 'espeak-ng' || v.id === SERVER_ESPEAK_DEFAULT)))
      // An unreachable or older server simply offers nothing here.
      .catch(() => live && setVoices([]));
    return () => {
      live = false;
    };
  }, [signedIn]);
  return voices;
}

const DEFAULT_ESPEAK: VoiceChoice = 'espeak:';

export function VoicePicker({ value, onChange }: { value: VoiceChoice; onChange(voice: VoiceChoice): void }) {
  const [espeak, setEspeak] = useState<readonly TtsVoice[] | null>(null);
  const [browser, setBrowser] = useState<SpeechSynthesisVoice[]>([]);
  const [loadingEspeak, setLoadingEspeak] = useState(false);

  const [cloned, setCloned] = useState<Array<{ id: string; name: string }>>([]);
  const onServer = useServerVoices();

  useEffect(() => {
    void loadBrowserVoices().then(setBrowser);
  }, []);

  useEffect(() => {
    let live = true;
    let unsubscribe = () => {};
    // The voice store (Dexie records) loads on demand, off the first page.
    void import('./cloned-voices-client').then(({ voiceStore, onVoicesChanged }) => {
      const refresh = () =>
        void voiceStore()
          .then((store) => store.list())
          .then((voices) => live && setCloned(voices.map((v) => ({ id: v.id, name: v.name }))))
          .catch(() => live && setCloned([]));
      if (!live) return;
      refresh();
      unsubscribe = onVoicesChanged(refresh);
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);

  const loadEspeakVoices = () => {
    if (espeak || loadingEspeak) return;
    setLoadingEspeak(true);
    // Listing needs the engine, which fetches its voice data: only when the user opens the list.
    void ttsWorker()
      .listVoices()
      .then((voices) => setEspeak(voices.filter((v) => v.languages.length > 0)))
      .finally(() => setLoadingEspeak(false));
  };

  return (
    <label className="voice-picker">
      Voice
      <select value={value} onFocus={loadEspeakVoices} onChange={(e) => onChange(e.target.value as VoiceChoice)}>
        {cloned.length > 0 && (
          <optgroup label="Cloned voices (XTTS-v2)">
            {cloned.map((v) => (
              <option key={v.id} value={`${CLONE_PREFIX}${v.id}`}>
                {v.name}
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label="espeak-ng (built in)">
          <option value={DEFAULT_ESPEAK}>Default English</option>
          {loadingEspeak && <option disabled>Loading voices…</option>}
          {espeak?.map((v) => (
            <option key={v.id} value={`espeak:${v.id}`}>
              {v.name} ({v.languages[0]})
            </option>
          ))}
        </optgroup>
        {onServer.length > 0 && (
          <optgroup label="On my server">
            {onServer.map((v) => (
              <option key={v.id} value={`${SERVER_PREFIX}${v.id}`} disabled={v.status === 'pending'}>
                {v.engine === 'espeak-ng' ? `${v.name} (espeak-ng)` : v.name}
                {v.status === 'pending' ? ' (waiting for the server to have XTTS)' : ''}
              </option>
            ))}
          </optgroup>
        )}
        {browser.length > 0 && (
          <optgroup label="This browser's voices">
            {browser.map((v) => (
              <option key={v.voiceURI} value={`browser:${v.voiceURI}`}>
                {v.name} ({v.lang})
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}
