// The chat: model loading with progress, the conversation, a streaming reply that can be stopped.
import { useState, type FormEvent } from 'react';
import type { LlmEngineKind } from '@companion/core/llm';
import type { DeviceCapabilities } from '../capabilities/detect';
import { ModelPicker } from './ModelPicker';
import { useSpokenReplies, type VoiceChoice } from '../voice/use-spoken-replies';
import { VoicePicker } from '../voice/VoicePicker';
import { useChatEngine } from './use-chat-engine';

export function ChatPanel({ recommended, caps }: { recommended: LlmEngineKind; caps: DeviceCapabilities | null }) {
  const [speak, setSpeak] = useState(false);
  const [voiceChoice, setVoiceChoice] = useState<VoiceChoice>('espeak:');
  const voice = useSpokenReplies(speak, voiceChoice);
  const { state, load, send, stop } = useChatEngine(voice.listener);
  const [input, setInput] = useState('');
  const stopAll = () => {
    stop();
    voice.stop();
  };
  const busy = state.status === 'loading' || state.status === 'generating';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = input.trim();
    if (!text || state.status !== 'ready') return;
    setInput('');
    void send(text);
  };

  return (
    <section className="panel chat" aria-labelledby="chat-heading">
      <h2 id="chat-heading">Chat</h2>
      <ModelPicker
        recommended={recommended}
        caps={caps}
        disabled={busy}
        onLoad={({ engine, model, downloadBytes }) => void load(engine, model, downloadBytes)}
      />
      {state.progress && (
        <div className="progress" data-testid="load-progress">
          <progress max={1} value={state.progress.fraction ?? undefined} />
          <span>{state.progress.text}</span>
        </div>
      )}
      {state.error && (
        <p className="error" role="alert" data-testid="chat-error">
          {state.error.message} <code>{state.error.code}</code>
        </p>
      )}
      <ol className="messages" aria-live="polite">
        {state.messages.map((message, index) => (
          <li key={index} className={`message message-${message.role}`} data-testid={`message-${message.role}`}>
            {message.content}
          </li>
        ))}
        {state.status === 'generating' && (
          <li className="message message-assistant message-draft" data-testid="message-draft">
            {state.draft || '…'}
          </li>
        )}
      </ol>
      <form className="composer" onSubmit={submit}>
        <input
          aria-label="Message"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          placeholder={state.status === 'idle' ? 'Load a model to start' : 'Say something'}
          disabled={state.status === 'idle' || state.status === 'loading'}
        />
        {state.status === 'generating' ? (
          <button type="button" onClick={stopAll}>
            Stop
          </button>
        ) : (
          <button type="submit" disabled={state.status !== 'ready'}>
            Send
          </button>
        )}
      </form>
      <div className="voice-row">
        <label className="toggle">
          <input type="checkbox" checked={speak} onChange={(e) => setSpeak(e.target.checked)} /> Speak replies
        </label>
        {speak && <VoicePicker value={voiceChoice} onChange={setVoiceChoice} />}
        {speak && (
          <span className="muted" data-testid="voice-status">
            {voice.ready ? 'Voice ready' : 'Preparing voice…'}
          </span>
        )}
      </div>
      {voice.error && (
        <p className="error" role="alert">
          Speech failed: {voice.error}
        </p>
      )}
      {speak && voice.log.length > 0 && (
        <ol className="spoken-log" aria-label="Spoken sentences">
          {voice.log.map((entry) => (
            <li key={entry.index} data-testid="spoken-sentence">
              {entry.text} <span className="muted">(ready after {Math.round(entry.readyAfterMs)} ms)</span>
            </li>
          ))}
        </ol>
      )}
      {state.lastTimings && (
        <p className="timings" data-testid="timings">
          First token after {Math.round(state.lastTimings.timeToFirstTokenMs)} ms,{' '}
          {state.lastTimings.decodeTokensPerSecond.toFixed(1)} tokens/s, reply written in{' '}
          <span data-testid="reply-total-ms">{Math.round(state.lastTimings.totalMs)}</span> ms
        </p>
      )}
    </section>
  );
}
