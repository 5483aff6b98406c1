// A character's portrait from its stored image, or its initial on a colour of its own when it has none.
import { useEffect, useState } from 'react';
import type { CharacterRecord } from '../db/records';

function hue(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) % 360;
  return h;
}

export function useObjectUrl(blob: Blob | null | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) return setUrl(null);
    const made = URL.createObjectURL(blob);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [blob]);
  return url;
}

export function Portrait({
  character,
  size,
  className,
}: {
  character: Pick<CharacterRecord, 'image' | 'card'>;
  size?: number;
  className?: string;
}) {
  const url = useObjectUrl(character.image);
  const name = character.card.name || '?';
  const style = size ? { width: size, height: size } : undefined;
  if (url) return <img className={`portrait ${className ?? ''}`} src={url} alt="" style={style} />;
  return (
    <span
      className={`portrait portrait-initial ${className ?? ''}`}
      style={{ ...style, background: `hsl(${hue(name)} 45% 38%)` }}
      aria-hidden="true"
    >
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
