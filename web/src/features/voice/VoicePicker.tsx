// Picks the voice replies are spoken in: espeak-ng voices (built in) or the browser's own voices.
import { useEffect, useState } from 'react';
import type { TtsVoice } from '@companion/core/speech';
import { loadBrowserVoices } from './browser-voices';
import { ttsWorker } from './tts-client';
import type { VoiceChoice } from './use-spoken-replies';

const DEFAULT_ESPEAK: VoiceChoice = 'espeak:';

export function VoicePicker({ value, onChange }: { value: VoiceChoice; onChange(voice: VoiceChoice): void }) {
  const [espeak, setEspeak] = useState<readonly TtsVoice[] | null>(null);
  const [browser, setBrowser] = useState<SpeechSynthesisVoice[]>([]);
  const [loadingEspeak, setLoadingEspeak] = useState(false);

  useEffect(() => {
    void loadBrowserVoices().then(setBrowser);
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
        <optgroup label="espeak-ng (built in)">
          <option value={DEFAULT_ESPEAK}>Default English</option>
          {loadingEspeak && <option disabled>Loading voices…</option>}
          {espeak?.map((v) => (
            <option key={v.id} value={`espeak:${v.id}`}>
              {v.name} ({v.languages[0]})
            </option>
          ))}
        </optgroup>
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
