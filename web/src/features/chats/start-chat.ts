// Starting a chat with a character, used by the character page and the chat screen's "New chat".
import { chats } from '../../app/stores';

export async function startChat(characterId: string, greetingIndex = 0): Promise<string> {
  const chat = await chats().create(characterId, { greetingIndex });
  return chat.id;
}
