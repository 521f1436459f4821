/**
 * Pictograms for the priority groups, drawn as SVG (emoji fonts are missing on many kiosk PCs).
 * Shapes after the usual public-signage symbols.
 */
const stroke = { fill: 'none', stroke: 'currentColor', strokeWidth: 6, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const };

export function PriorityIcon({ code }: { code: string }) {
  return (
    <svg className="icon" viewBox="0 0 100 100" aria-hidden>
      {code === 'lansia' ? (
        <>
          <circle cx="45" cy="16" r="9" fill="currentColor" />
          <path {...stroke} d="M45 30 L40 58 L30 88 M40 58 L52 88 M42 38 L58 50 L66 52 M70 46 L74 90" />
        </>
      ) : code === 'disabilitas' ? (
        <>
          <circle cx="40" cy="14" r="9" fill="currentColor" />
          <path {...stroke} d="M40 28 L40 56 L66 56 L74 80 M40 40 L60 40" />
          <path {...stroke} d="M30 46 A24 24 0 1 0 62 78" />
        </>
      ) : code === 'ibu_hamil' ? (
        <>
          <circle cx="46" cy="14" r="9" fill="currentColor" />
          <path {...stroke} d="M44 28 C 40 40, 42 48, 46 54 M46 30 C 66 38, 66 60, 46 62 L44 90 M52 62 L54 90" />
        </>
      ) : code === 'anak' ? (
        <>
          <circle cx="50" cy="30" r="11" fill="currentColor" />
          <path {...stroke} d="M50 46 L50 70 L40 90 M50 70 L60 90 M34 54 L66 54" />
        </>
      ) : code === 'korban_bencana' ? (
        <path {...stroke} d="M14 52 L50 20 L86 52 M24 44 L24 86 L76 86 L76 44 M46 86 L54 62 L44 56 L52 40" />
      ) : (
        <>
          <circle cx="50" cy="22" r="10" fill="currentColor" />
          <path {...stroke} d="M50 36 L50 66 L38 90 M50 66 L62 90 M32 48 L68 48" />
        </>
      )}
    </svg>
  );
}

/** The full-screen states' pictograms: a printer (paper, cover, cable), a plug cut off, a broken link. */
export function StateIcon({ kind }: { kind: string }) {
  return (
    <svg className="state-icon" viewBox="0 0 100 100" aria-hidden>
      {kind === 'paper_end' || kind === 'cover_open' || kind === 'offline' || kind === 'error' ? (
        <>
          <path {...stroke} d="M28 36 L28 12 L72 12 L72 36" />
          <rect {...stroke} x="12" y="36" width="76" height="34" rx="6" />
          <path {...stroke} d={kind === 'paper_end' ? 'M30 70 L30 78 M70 70 L70 78' : 'M30 62 L30 90 L70 90 L70 62'} />
          {kind === 'paper_end' && <path {...stroke} d="M40 84 L60 84" strokeDasharray="4 6" />}
          {kind === 'offline' && <path {...stroke} d="M8 8 L92 92" />}
        </>
      ) : kind === 'hub-out' ? (
        <>
          <path {...stroke} d="M20 50 A42 42 0 0 1 80 50 M32 62 A26 26 0 0 1 68 62" />
          <circle cx="50" cy="76" r="6" fill="currentColor" />
          <path {...stroke} d="M12 12 L88 88" />
        </>
      ) : kind === 'not-paired' ? (
        <>
          <path {...stroke} d="M42 58 L30 70 A12 12 0 0 1 13 53 L25 41 M58 42 L70 30 A12 12 0 0 0 53 13 L41 25" />
          <path {...stroke} d="M62 62 L82 82 M82 62 L62 82" />
        </>
      ) : (
        <>
          <circle {...stroke} cx="50" cy="50" r="38" />
          <path {...stroke} d="M50 28 L50 56" />
          <circle cx="50" cy="70" r="5" fill="currentColor" />
        </>
      )}
    </svg>
  );
}
