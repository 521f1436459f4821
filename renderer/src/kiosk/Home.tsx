/**
 * The kiosk's first screen: the agencies (logo or the admin's short name), paged, with an A–Z
 * filter for a large MPP.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Catalogue } from '../../../shared/protocol.js';
import { useKiosk } from './store.js';

const AGENCIES_PER_PAGE = 15;
/** From this many agencies on, the home screen offers an A–Z filter. */
const AZ_FROM = 30;

export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (p: number) => void }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <div className="pager">
      <button disabled={page === 0} onClick={() => onPage(page - 1)}>
        ‹ {t('kiosk.previous')}
      </button>
      <span>{t('kiosk.page', { page: page + 1, pages })}</span>
      <button disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
        {t('kiosk.next')} ›
      </button>
    </div>
  );
}

export function Home({ catalogue, disabled }: { catalogue: Catalogue; disabled: boolean }) {
  const { t } = useTranslation();
  const go = useKiosk((s) => s.go);
  const [letter, setLetter] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const letters = useMemo(() => [...new Set(catalogue.agencies.map((a) => a.shortName[0]!.toUpperCase()))].sort(), [catalogue]);
  const shown = catalogue.agencies.filter((a) => !letter || a.shortName.toUpperCase().startsWith(letter));
  const pages = Math.ceil(shown.length / AGENCIES_PER_PAGE);
  const visible = shown.slice(page * AGENCIES_PER_PAGE, (page + 1) * AGENCIES_PER_PAGE);
  return (
    <section className="home">
      <h1>{t('kiosk.chooseAgency')}</h1>
      {catalogue.agencies.length >= AZ_FROM && (
        <div className="az" aria-label={t('kiosk.search')}>
          <button className={letter === null ? 'on' : ''} onClick={() => (setLetter(null), setPage(0))}>
            {t('kiosk.all')}
          </button>
          {letters.map((l) => (
            <button key={l} className={letter === l ? 'on' : ''} onClick={() => (setLetter(l), setPage(0))}>
              {l}
            </button>
          ))}
        </div>
      )}
      <div className="grid agencies">
        {visible.map((a) => {
          const open = a.services.some((s) => s.open);
          return (
            <button key={a.id} className="tile agency" disabled={disabled} onClick={() => go({ name: 'agency', agencyId: a.id })}>
              {a.logoUrl ? (
                <img className="agency-logo" src={a.logoUrl} alt="" />
              ) : (
                <span className="badge" aria-hidden>
                  {a.shortName.replace(/[^A-Za-z]/g, '').slice(0, 3).toUpperCase()}
                </span>
              )}
              <span className="name">{a.shortName}</span>
              <span className="sub">{a.name !== a.shortName ? a.name : ''}</span>
              {!open && <span className="state closed">{t('kiosk.closed')}</span>}
            </button>
          );
        })}
      </div>
      <Pager page={page} pages={pages} onPage={setPage} />
    </section>
  );
}

