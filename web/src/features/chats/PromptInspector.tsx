// The prompt inspector: the exact messages the model received (or will receive), the tokens of each part, and
// which lorebook entries fired and why (or why not).
import { useEffect } from 'react';
import type { PromptResult } from '@companion/core/prompt';
import type { LoreActivation, LoreRejection } from '@companion/core/lorebook';

const PART_LABELS: Record<string, string> = {
  system_prompt: 'System prompt',
  description: 'Description',
  personality: 'Personality',
  scenario: 'Scenario',
  persona: 'Persona',
  lore: 'Lorebook',
  examples: 'Example messages',
  authors_note: "Author's note",
  history: 'Chat history',
  post_history: 'Post-history instructions',
};

export function whyActivated(a: LoreActivation): string {
  const r = a.reason;
  switch (r.type) {
    case 'constant':
      return 'always on (constant)';
    case 'sticky':
      return `still active (sticky since turn ${r.since})`;
    case 'decorator':
      return `forced by @@${r.decorator}`;
    case 'key': {
      const where =
        r.source === 'message'
          ? r.messageIndex !== undefined
            ? `message ${r.messageIndex + 1}`
            : 'the chat'
          : r.source === 'extra'
            ? 'a hidden key'
            : `entry ${r.fromEntry ?? ''} (recursion)`;
      return `key “${r.key}”${r.secondaryKey ? ` with “${r.secondaryKey}”` : ''} found in ${where}`;
    }
  }
}

const entryName = (a: { entryIndex: number; bookId: string }, name?: string) =>
  name || `entry ${a.entryIndex + 1} of ${a.bookId === 'character' ? "the character's book" : 'a lorebook'}`;

function Rejected({ list }: { list: LoreRejection[] }) {
  if (list.length === 0) return null;
  return (
    <>
      <h3>Matched but left out</h3>
      <ul className="lore-list">
        {list.map((r) => (
          <li key={r.uid}>
            {entryName(r)}: {r.reason.replace(/_/g, ' ')}
            {r.detail ? ` (${r.detail})` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}

export function PromptInspector({
  result,
  onRefresh,
  onClose,
}: {
  result: PromptResult | null;
  onRefresh(): Promise<unknown>;
  onClose(): void;
}) {
  useEffect(() => {
    if (!result) void onRefresh();
  }, [result, onRefresh]);
  return (
    <aside className="side-panel" aria-labelledby="inspector-heading" data-testid="prompt-inspector">
      <div className="panel-head">
        <h2 id="inspector-heading">Prompt</h2>
        <div className="row">
          <button type="button" onClick={() => void onRefresh()}>
            Refresh
          </button>
          <button type="button" onClick={onClose} aria-label="Close the prompt inspector">
            ×
          </button>
        </div>
      </div>
      {!result ? (
        <p className="muted">Assembling…</p>
      ) : (
        <>
          <p className="muted small">
            {result.tokens.total} of {result.tokens.budget} tokens.{' '}
            {result.dropped.historyMessages > 0 && `${result.dropped.historyMessages} older messages did not fit. `}
            {result.dropped.exampleBlocks > 0 && `${result.dropped.exampleBlocks} example blocks left out.`}
          </p>
          <table className="token-table">
            <caption className="visually-hidden">Tokens per part</caption>
            <tbody>
              {Object.entries(PART_LABELS).map(([part, label]) => {
                const n = result.tokens[part as keyof typeof result.tokens];
                return n ? (
                  <tr key={part}>
                    <th scope="row">{label}</th>
                    <td>{n}</td>
                  </tr>
                ) : null;
              })}
            </tbody>
          </table>
          <h3>Lorebook</h3>
          {result.lore.activated.length === 0 ? (
            <p className="muted small">No entry fired.</p>
          ) : (
            <ul className="lore-list" data-testid="lore-fired">
              {result.lore.activated.map((a) => (
                <li key={a.uid}>
                  <strong>{entryName(a, a.entry.name || a.entry.comment)}</strong>: {whyActivated(a)} ({a.tokens}{' '}
                  tokens)
                </li>
              ))}
            </ul>
          )}
          <Rejected list={result.lore.rejected} />
          {[...result.warnings, ...result.lore.warnings].map((w, i) => (
            <p key={i} className="hint">
              {w}
            </p>
          ))}
          <h3>Messages sent</h3>
          <ol className="prompt-messages">
            {result.messages.map((m, i) => (
              <li key={i}>
                <span className="badge">{m.role}</span>
                <pre tabIndex={0} aria-label={`${m.role} message ${i + 1}`}>
                  {m.content}
                </pre>
              </li>
            ))}
          </ol>
        </>
      )}
    </aside>
  );
}
