/**
 * How every page starts: the stylesheet all screens share, then one screen under React's strict
 * mode. Each page imports its screen before this module, so the screen's own CSS comes first and
 * style.css keeps the last word, as it had when one bundle held every screen.
 */
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import '../style.css';

export function mount(screen: ReactNode): void {
  createRoot(document.getElementById('root')!).render(<StrictMode>{screen}</StrictMode>);
}
