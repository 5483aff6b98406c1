// The browser's built-in speech synthesis: a second voice that needs no download (no phoneme timings).

export interface BrowserSpeech {
  getVoices(): SpeechSynthesisVoice[];
  speak(utterance: SpeechSynthesisUtterance): void;
  cancel(): void;
}

export function browserSpeech(): BrowserSpeech | null {
  return typeof speechSynthesis === 'undefined' ? null : speechSynthesis;
}

/** Voices load asynchronously in some browsers; resolves with what is there after the first voiceschanged. */
export function loadBrowserVoices(speech: BrowserSpeech | null = browserSpeech()): Promise<SpeechSynthesisVoice[]> {
  if (!speech) return Promise.resolve([]);
  const now = speech.getVoices();
  if (now.length > 0 || typeof window === 'undefined') return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => resolve(speech.getVoices());
    window.speechSynthesis.addEventListener('voiceschanged', done, { once: true });
    setTimeout(done, 1500); // browsers without voices never fire the event
  });
}

/** Queues one sentence; the browser keeps utterances in order itself. */
export function speakWithBrowser(speech: BrowserSpeech, text: string, voiceUri: string): void {
  const utterance = new SpeechSynthesisUtterance(text);
  const voice = speech.getVoices().find((v) => v.voiceURI === voiceUri);
  if (voice) {
    utterance.voice = voice;
    utterance.lang = voice.lang;
  }
  speech.speak(utterance);
}
