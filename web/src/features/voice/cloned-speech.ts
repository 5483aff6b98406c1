// Speech in cloned voices for the chat, loaded when such a voice is first used (kept off the first page).
import type { XttsSpokenChunk } from '../../workers/tts/tts.worker';
import { streamFrom, type ChunkStream } from './chunk-stream';
import { speakCloned } from './cloned-voices-client';

export { prepareClonedVoice } from './cloned-voices-client';

/** One sentence, ready at its first chunk; the rest arrives through the stream. */
export function streamClonedSentence(text: string, id: string): Promise<ChunkStream<XttsSpokenChunk>> {
  return streamFrom<XttsSpokenChunk>((onChunk) => speakCloned(text, id, onChunk));
}
