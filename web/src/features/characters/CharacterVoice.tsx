// The character's own voice: the chat speaks with it when "Speak replies" is on.
import type { CharacterRecord } from '../../db/records';
import { characters } from '../../app/stores';
import { Link } from 'wouter';
import { VoicePicker } from '../voice/VoicePicker';
import { asVoiceChoice } from '../voice/voice-ids';

export function CharacterVoice({ character }: { character: CharacterRecord }) {
  const set = (voice: string | null) => void characters().update(character.id, { voice });
  return (
    <div className="row">
      <label className="toggle">
        <input
          type="checkbox"
          checked={character.voice !== null}
          onChange={(e) => set(e.target.checked ? 'espeak:' : null)}
        />{' '}
        Give {character.card.name} a voice of their own
      </label>
      {character.voice !== null && <VoicePicker value={asVoiceChoice(character.voice)} onChange={set} />}
      <p className="muted small wide">
        Clone a voice under <Link href="/voices">Voices</Link>; without one of their own, the character speaks with the
        default voice from Settings.
      </p>
    </div>
  );
}
