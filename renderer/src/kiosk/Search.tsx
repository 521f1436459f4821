/**
 * "Cari layanan": the citizen types what they came for on the on-screen keyboard ("ktp",
 * "paspor", "skck"), and the services that match (./serviceSearch.ts) show as tiles with their
 * agency, as many per page as fit above the keyboard (the pager beside the count, over them). Before anything is typed, the popular
 * services. A tile leads to the confirm step as the service list does.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Catalogue } from '../../../shared/protocol.js';
import { usePaged, type FitRule } from './gridFit.js';
import { Keyboard } from './Keyboard.js';
import { popularServices, searchServices } from './serviceSearch.js';
import { Pager, ServiceCopies, ServiceTile } from './Services.js';

/** Result tiles at least this wide (em), as tall as the tallest one's content. */
const RESULT_TILES: FitRule = { minWidth: 10, minHeight: 3, maxHeight: 6, pagerInside: false };
/** The longest query the field takes. */
const MAX_QUERY = 40;

export function Search({ catalogue, disabled, onClose }: { catalogue: Catalogue; disabled: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const typed = query.trim() !== '';
  const hits = useMemo(() => (typed ? searchServices(catalogue, query) : popularServices(catalogue)), [catalogue, query, typed]);
  const { ref, page, pages, setPage, visible, gridStyle, measured, measureRef, measureStyle } = usePaged(hits, RESULT_TILES);
  const type = (text: string) => {
    setQuery((q) => (q + text).replace(/^\s+/, '').replace(/\s{2,}/g, ' ').slice(0, MAX_QUERY));
    setPage(0);
  };
  const backspace = () => {
    setQuery((q) => q.slice(0, -1));
    setPage(0);
  };
  return (
    <section className="search" data-testid="search">
      <div className="search-bar">
        <button className="secondary back" onClick={onClose}>
          ‹ {t('kioskHome.searchBack')}
        </button>
        <input
          className="search-field"
          value={query}
          placeholder={t('kioskHome.search')}
          aria-label={t('kioskHome.searchField')}
          // the on-screen keyboard types; a USB keyboard or scanner still may
          inputMode="none"
          autoComplete="off"
          spellCheck={false}
          maxLength={MAX_QUERY}
          onChange={(e) => {
            setQuery(e.target.value.slice(0, MAX_QUERY));
            setPage(0);
          }}
        />
        <button className="secondary clear" onClick={() => (setQuery(''), setPage(0))} disabled={!query}>
          {t('kioskHome.clear')}
        </button>
      </div>
      <div className="search-head">
        <p className="search-note" role="status">
          {!typed ? (hits.length ? t('kioskHome.popular') : t('kioskHome.searchHint')) : hits.length ? t('kioskHome.results', { count: hits.length }) : t('kioskHome.noResults', { query: query.trim() })}
        </p>
        <Pager page={page} pages={pages} onPage={setPage} />
      </div>
      <div className="paged" ref={ref}>
        {measured && (
          <div className="grid results" style={gridStyle}>
            {visible.map(({ agency, service }) => (
              <ServiceTile key={service.id} catalogue={catalogue} agency={agency} service={service} disabled={disabled} compact />
            ))}
          </div>
        )}
        {measured && <ServiceCopies catalogue={catalogue} items={hits} compact measureRef={measureRef} style={measureStyle} />}
      </div>
      <Keyboard onType={type} onBackspace={backspace} />
    </section>
  );
}
