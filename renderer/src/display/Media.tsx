/** The playlist of <data dir>/media: images for `imageSeconds`, videos to their end, muted. */
import { useEffect, useState } from 'react';
import type { MediaItem } from '../../../shared/protocol.js';

export function Media({ items, imageSeconds }: { items: MediaItem[]; imageSeconds: number }) {
  const [index, setIndex] = useState(0);
  const item = items.length ? items[index % items.length]! : null;
  useEffect(() => {
    if (!item || item.kind !== 'image') return;
    const timer = setTimeout(() => setIndex((i) => i + 1), imageSeconds * 1000);
    return () => clearTimeout(timer);
  }, [item, imageSeconds]);
  if (!item) return null;
  const src = `/media/${encodeURIComponent(item.file)}`;
  return (
    <section className="media">
      {item.kind === 'image' ? <img src={src} alt="" /> : <video src={src} autoPlay muted onEnded={() => setIndex((i) => i + 1)} onError={() => setIndex((i) => i + 1)} />}
    </section>
  );
}
