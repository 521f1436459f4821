/**
 * The playlist of <data dir>/media: images for `imageSeconds`, videos to their end, muted; and,
 * when the site shows it (settings.display.standardSlide), the IKM and service-standard slide
 * after the playlist's last item, once a round. Without media the slide has the area to itself
 * and starts again after each turn.
 */
import { useEffect, useState } from 'react';
import type { DisplaySlide, MediaItem } from '../../../shared/protocol.js';
import { StandardSlide } from './StandardSlide.js';

/** What the slide shows in its next turn: the IKM, and the standards of the agency called last. */
export interface SlideContent {
  ikm: DisplaySlide['ikm'];
  agency: DisplaySlide['standards'][number] | null;
}

export function Media({ items, imageSeconds, slide }: { items: MediaItem[]; imageSeconds: number; slide: SlideContent | null }) {
  const [index, setIndex] = useState(0);
  const [next] = useState(() => () => setIndex((i) => i + 1));
  const count = items.length + (slide ? 1 : 0);
  const at = count ? index % count : 0;
  const item = at < items.length ? items[at]! : null;
  useEffect(() => {
    if (!item || item.kind !== 'image') return;
    const timer = setTimeout(next, imageSeconds * 1000);
    return () => clearTimeout(timer);
  }, [item, imageSeconds, next]);
  if (!item) {
    // a new turn (key) each time: it starts from its first page with the agency called by then
    return slide ? (
      <section className="media slide-box">
        <StandardSlide key={index} ikm={slide.ikm} agency={slide.agency} imageSeconds={imageSeconds} onDone={next} />
      </section>
    ) : null;
  }
  const src = `/media/${encodeURIComponent(item.file)}`;
  return (
    <section className="media">
      {item.kind === 'image' ? <img src={src} alt="" /> : <video src={src} autoPlay muted onEnded={next} onError={next} />}
    </section>
  );
}
