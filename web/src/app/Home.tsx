// "/": back to the chat the user was in last, or the character library when there is none.
import { Redirect } from 'wouter';
import { useLiveQuery } from '../db/live';
import { chats } from './stores';

export function Home() {
  const recent = useLiveQuery(() => chats().recent(1), []);
  if (recent === undefined) return null;
  const last = recent[0];
  return <Redirect to={last ? `/chat/${last.id}` : '/characters'} replace />;
}
