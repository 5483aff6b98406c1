// The chat's messages as a virtualised list: only the rows on screen are rendered and only their page of
// messages is read from IndexedDB, so a chat of thousands of messages opens at its end and scrolls smoothly.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from '../../db/live';
import { messages } from '../../app/stores';
import type { MessageRecord } from '../../db/records';
import { MessageItem, type MessageActions } from './MessageItem';
import type { Draft } from './use-chat-session';
import { displayText } from './display-text';
import { Markdown } from './Markdown';

const PAGE = 40;

/** Times a read with the User Timing API, so the long-chat benchmark can report IndexedDB query time. */
async function measured<T>(name: string, work: Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work;
  performance.measure(name, { start, end: performance.now() });
  return result;
}

interface Props {
  chatId: string;
  names: { char: string; user: string };
  draft: Draft | null;
  busy: boolean;
  actions: MessageActions;
}

function DraftItem({ draft, names }: { draft: Draft; names: { char: string; user: string } }) {
  return (
    <article
      className="message message-assistant message-draft"
      data-testid="message-draft"
      aria-busy="true"
      aria-label={`${names.char} is writing`}
    >
      <header className="message-head">
        <span className="author">{names.char}</span>
        <span className="muted small">
          {draft.kind === 'new' ? 'writing…' : draft.kind === 'regenerate' ? 'writing another reply…' : 'continuing…'}
        </span>
      </header>
      <div className="message-body">
        {draft.text ? (
          <Markdown text={displayText(draft.text, names)} />
        ) : (
          <span className="typing" aria-hidden="true">
            …
          </span>
        )}
      </div>
    </article>
  );
}

export function MessageList({ chatId, names, draft, busy, actions }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = useLiveQuery(() => messages().count(chatId), [chatId]) ?? 0;
  // A new reply (regenerate, continue) is shown in place of its message's text; a new message is a row of its own.
  const showsDraftRow = draft?.kind === 'new';
  const rowCount = count + (showsDraftRow ? 1 : 0);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 140,
    overscan: 8,
    getItemKey: (index) => (index < count ? `m${index}` : 'draft'),
  });
  const visible = virtualizer.getVirtualItems();
  const first = visible[0]?.index ?? Math.max(0, count - PAGE);
  const last = visible[visible.length - 1]?.index ?? count;
  const from = Math.max(0, Math.floor(first / PAGE) * PAGE - PAGE / 2);
  const to = Math.min(count, (Math.floor(last / PAGE) + 1) * PAGE + PAGE / 2);
  const page = useLiveQuery(
    () => measured('chat:messages-page', messages().range(chatId, from, Math.max(0, to - from))),
    [chatId, from, to, count],
  );
  // Keep showing the previous page while the next one is read, so rows never blank out mid-scroll.
  const shown = useRef<{ from: number; rows: MessageRecord[] }>({ from: 0, rows: [] });
  if (page) shown.current = { from, rows: page };

  // Open at the end, and follow new messages and the streaming reply while the user is at the bottom.
  const atBottom = useRef(true);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = () => (atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80);
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);
  useLayoutEffect(() => {
    if (rowCount > 0 && atBottom.current) virtualizer.scrollToIndex(rowCount - 1, { align: 'end' });
  }, [rowCount, draft?.text, virtualizer]);

  const lastMessageIndex = count - 1;
  return (
    <div ref={scrollRef} className="message-scroll" data-testid="message-scroll">
      <div
        className="message-canvas"
        style={{ height: virtualizer.getTotalSize() }}
        role="log"
        aria-label="Messages"
        aria-live="polite"
      >
        {visible.map((item) => {
          const style = { transform: `translateY(${item.start}px)` };
          if (item.index >= count)
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className="message-row"
                style={style}
              >
                {draft && <DraftItem draft={draft} names={names} />}
              </div>
            );
          const message = shown.current.rows[item.index - shown.current.from];
          const replaced = draft && draft.targetId === message?.id;
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className="message-row"
              style={style}
            >
              {!message ? (
                <div className="message message-placeholder" aria-hidden="true" />
              ) : replaced ? (
                <DraftItem
                  draft={{
                    ...draft,
                    text:
                      draft.kind === 'continue'
                        ? `${message.swipes[message.swipeIndex]?.text ?? ''} ${draft.text}`
                        : draft.text,
                  }}
                  names={names}
                />
              ) : (
                <MessageItem
                  message={message}
                  names={names}
                  isLast={item.index === lastMessageIndex}
                  busy={busy}
                  actions={actions}
                />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
