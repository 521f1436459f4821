/**
 * Import and export: choose the file (an XLSX workbook, or CSV files named by their sheet) →
 * "Pratinjau" lists every row (new, changed, unchanged) and every error → "Terapkan" applies it
 * all-or-nothing, and stays disabled while there are errors. The export is the same format, so
 * "Unduh templat/ekspor" gives the MPP's data to fill in Excel.
 */
import { useState } from 'react';
import { MASTER_SHEETS, MasterImportPreview, MasterImportResult, type MasterImportRequest, type MasterSheet } from '../../../../shared/masterData.js';
import { useDownload } from '../Downloads.js';
import { useAdminT } from '../i18n.js';
import { useAdmin } from '../store.js';
import { useMaster } from './masterStore.js';
import { ScrollTable } from './parts.js';

/** A file's bytes as base64. */
function base64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** The sheet a CSV file is for, from its name ("data-master-Layanan.csv"). */
function sheetOf(name: string): MasterSheet | null {
  const lower = name.toLowerCase();
  // The longest name that fits: "Standar pelayanan" also contains "Layanan".
  return [...MASTER_SHEETS].sort((a, b) => b.length - a.length).find((s) => lower.includes(s.toLowerCase())) ?? null;
}

export function ImportPanel() {
  const { t, lang } = useAdminT();
  const call = useAdmin((s) => s.call);
  const notify = useAdmin((s) => s.notify);
  const save = useDownload();
  const load = useMaster((s) => s.load);
  const [files, setFiles] = useState<File[]>([]);
  const [request, setRequest] = useState<MasterImportRequest | null>(null);
  const [preview, setPreview] = useState<MasterImportPreview | null>(null);
  const [onlyChanges, setOnlyChanges] = useState(true);
  const [busy, setBusy] = useState(false);

  const say = (key: string, params: Record<string, string | number> = {}) => ({ id: t(key, { ...params, lng: 'id' }), en: t(key, { ...params, lng: 'en' }) });

  const body = async (): Promise<MasterImportRequest | null> => {
    const xlsx = files.find((f) => /\.xlsx$/i.test(f.name));
    if (xlsx) return { xlsx: await base64(xlsx) };
    const csv: Partial<Record<MasterSheet, string>> = {};
    for (const f of files) {
      const sheet = sheetOf(f.name);
      if (!sheet) {
        notify('error', say('master.csvNoSheet', { file: f.name }));
        return null;
      }
      csv[sheet] = await base64(f);
    }
    return { csv };
  };

  const runPreview = async () => {
    setBusy(true);
    try {
      const req = await body();
      if (!req) return;
      const p = await call((api) => api.send('POST', '/api/admin/master/import/preview', req, MasterImportPreview));
      setRequest(p ? req : null);
      setPreview(p);
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!request) return;
    setBusy(true);
    try {
      const r = await call((api) => api.send('POST', '/api/admin/master/import', request, MasterImportResult));
      if (!r) return;
      notify('ok', say('master.applied', { count: r.applied }));
      setPreview(null);
      setRequest(null);
      void load();
    } finally {
      setBusy(false);
    }
  };

  const download = (format: 'xlsx' | 'csv', sheet?: MasterSheet) =>
    save(`/api/admin/master/export?format=${format}${sheet ? `&sheet=${encodeURIComponent(sheet)}` : ''}`, format === 'xlsx' ? 'data-master.xlsx' : `data-master-${sheet}.csv`);

  const errors = preview?.errors ?? [];
  const rows = (preview?.rows ?? []).filter((r) => !onlyChanges || r.action !== 'unchanged');
  const canApply = preview !== null && errors.length === 0 && !busy;

  return (
    <div className="master-import">
      <section className="card">
        <h2>{t('master.importHeading')}</h2>
        <p className="hint">{t('master.importHelp')}</p>
        <div className="controls">
          <label>
            {t('master.file')}
            <input
              type="file"
              multiple
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              onChange={(e) => {
                setFiles([...(e.target.files ?? [])]);
                setPreview(null);
                setRequest(null);
              }}
            />
          </label>
          <button type="button" disabled={files.length === 0 || busy} onClick={() => void runPreview()}>
            {t('master.preview')}
          </button>
          <button type="button" className="primary" disabled={!canApply} onClick={() => void apply()} title={errors.length ? t('master.applyBlocked') : undefined}>
            {t('master.apply')}
          </button>
          {preview ? <span className="count">{t('master.counts', preview.counts)}</span> : null}
        </div>
        {errors.length ? (
          <div className="import-errors">
            <h3 role="alert">{t('master.errorsHeading', { count: errors.length })}</h3>
            <ScrollTable
              label={t('master.errorsHeading', { count: errors.length })}
              head={
                <>
                  <th>{t('master.sheet')}</th>
                  <th className="n">{t('master.row')}</th>
                  <th>{t('master.column')}</th>
                  <th>{t('master.message')}</th>
                </>
              }
            >
              {errors.map((e, i) => (
                <tr key={i} className="late">
                  <td>{e.sheet}</td>
                  <td className="n">{e.row}</td>
                  <td>{e.column}</td>
                  <td>{e.message[lang]}</td>
                </tr>
              ))}
            </ScrollTable>
          </div>
        ) : null}
        {preview ? (
          <div className="import-rows">
            <div className="controls">
              <h3>{t('master.rowsHeading')}</h3>
              <label className="check">
                <input type="checkbox" checked={onlyChanges} onChange={(e) => setOnlyChanges(e.target.checked)} />
                {t('master.onlyChanges')}
              </label>
            </div>
            <ScrollTable
              label={t('master.rowsHeading')}
              head={
                <>
                  <th>{t('master.sheet')}</th>
                  <th className="n">{t('master.row')}</th>
                  <th>{t('master.key')}</th>
                  <th>{t('master.action')}</th>
                  <th>{t('master.changed')}</th>
                </>
              }
            >
              {rows.map((r) => (
                <tr key={`${r.sheet}-${r.row}`} className={r.action}>
                  <td>{r.sheet}</td>
                  <td className="n">{r.row}</td>
                  <td>{r.key}</td>
                  <td>{t(`master.actionNames.${r.action}`)}</td>
                  <td>{r.changed.join(', ')}</td>
                </tr>
              ))}
            </ScrollTable>
          </div>
        ) : null}
      </section>
      <section className="card">
        <h2>{t('master.exportHeading')}</h2>
        <p className="hint">{t('master.exportHelp')}</p>
        <div className="controls">
          <button type="button" className="primary" onClick={() => void download('xlsx')}>
            {t('master.download')}
          </button>
          {MASTER_SHEETS.map((s) => (
            <button key={s} type="button" onClick={() => void download('csv', s)}>
              {t('master.downloadCsv', { sheet: s })}
            </button>
          ))}
        </div>
      </section>
    </div>
  );
}
