// Emotion tags the model is asked to write ("[happy] Hello!"): read for the avatar's expression, and taken out of the
// text before it is shown, spoken or stored. Works on a stream, where a tag may arrive split across chunks.

/** The moods the avatar knows, and words models tend to use for them. */
const MOODS: Record<string, string> = {
  happy: 'happy',
  joy: 'happy',
  joyful: 'happy',
  smile: 'happy',
  smiling: 'happy',
  excited: 'happy',
  laugh: 'happy',
  sad: 'sad',
  crying: 'sad',
  upset: 'sad',
  angry: 'angry',
  annoyed: 'angry',
  mad: 'angry',
  surprised: 'surprised',
  surprise: 'surprised',
  shocked: 'surprised',
  shy: 'shy',
  embarrassed: 'shy',
  blush: 'shy',
  neutral: 'neutral',
  calm: 'neutral',
};

export const EMOTION_TAG_INSTRUCTION =
  'Begin each reply with one mood tag in square brackets, one of [happy], [sad], [angry], [surprised], [shy] or [neutral]. The tag is hidden from the user.';

/** Longest tag looked for while streaming ("[embarrassed]" and a little room for spaces). */
const MAX_TAG = 16;
const TAG = /\[\s*(?:mood\s*:\s*|emotion\s*:\s*)?([a-z]+)\s*\]/gi;

export interface StrippedText {
  text: string;
  moods: string[];
}

function moodOf(word: string): string | undefined {
  return MOODS[word.toLowerCase()];
}

/** Removes known mood tags (unknown bracketed text such as "[1]" or "[sic]" stays) and tidies the space they leave. */
export function stripEmotionTags(text: string): StrippedText {
  const moods: string[] = [];
  const stripped = text.replace(TAG, (whole: string, word: string) => {
    const mood = moodOf(word);
    if (!mood) return whole;
    moods.push(mood);
    return '\uE000'; // a private-use mark where the tag was, so the spaces around it can be tidied
  });
  if (moods.length === 0) return { text, moods };
  // A tag and the spaces around it become one space; none at a line's start.
  const tidy = stripped.replace(/[ \t]*\uE000[ \t]*/g, ' ').replace(/^ +/gm, '');
  return { text: tidy, moods };
}

/** The streaming form: `push` answers the text that is safe to show now; a possible tag's start is held back. */
export class EmotionTagStream {
  private held = '';
  /** Nothing shown yet, or a tag was just removed after a space: the next spaces would be doubled or leading. */
  private trimNext = true;
  private lastChar = '';

  constructor(private readonly onMood: (mood: string) => void = () => undefined) {}

  push(delta: string): string {
    const input = this.held + delta;
    // Hold back from the last '[' that is not closed yet, if it is short enough to still become a tag.
    const open = input.lastIndexOf('[');
    const cut = open >= 0 && input.indexOf(']', open) < 0 && input.length - open <= MAX_TAG ? open : input.length;
    this.held = input.slice(cut);
    return this.emit(input.slice(0, cut));
  }

  flush(): string {
    const rest = this.held;
    this.held = '';
    return this.emit(rest);
  }

  private emit(chunk: string): string {
    if (!chunk) return '';
    const { text, moods } = stripEmotionTags(chunk);
    for (const mood of moods) this.onMood(mood);
    const afterSpace = this.lastChar === '' || /\s/.test(this.lastChar);
    const out = this.trimNext || (moods.length > 0 && afterSpace) ? text.replace(/^[ \t]+/, '') : text;
    if (out) {
      this.lastChar = out.at(-1)!;
      // A tag's space at the end of this piece: the next piece's own leading space would double it.
      this.trimNext = moods.length > 0 && /[ \t]$/.test(out);
    } else if (moods.length > 0 && afterSpace) this.trimNext = true;
    return out;
  }
}
