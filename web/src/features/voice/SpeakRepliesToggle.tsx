// "Speak replies": one stored setting, offered on the chat, voice and settings screens.
import { settingsStore } from '../../app/stores';
import { useSettings } from '../../app/use-settings';
import { SettingCheckbox } from '../../ui/SettingCheckbox';

export function SpeakRepliesToggle() {
  const settings = useSettings();
  return (
    <SettingCheckbox
      checked={settings.speech.speakReplies}
      onChange={(speakReplies) => void settingsStore().updateSettings({ speech: { speakReplies } })}
    >
      Speak replies
    </SettingCheckbox>
  );
}
