/**
 * A site's complaints as a CSV file for an operator to enter into SP4N-LAPOR! (lapor.go.id): no
 * outside service can be reached from here, so the export follows the fields of LAPOR's own web
 * form, in its order, with Indonesian headers (docs/COMPLAINTS.md says why each column is there).
 * UTF-8 with a byte-order mark and CRLF, so Excel opens it with the right letters; a cell a
 * spreadsheet would run as a formula is prefixed with an apostrophe (OWASP "CSV injection").
 */
import { COMPLAINT_CATEGORY_LABELS, complaintReference, type ComplaintCategory, type ComplaintContact } from '../shared/complaints.js';

export interface CentralComplaint {
  uid: string;
  business_date: string;
  at: Date;
  channel: 'phone' | 'kiosk';
  category: ComplaintCategory;
  text: string;
  contact: ComplaintContact | null;
  ticket_display: string | null;
  agency_name: string | null;
  service_name: string | null;
  answer: string | null;
  answered_at: Date | null;
}

export const COMPLAINT_CSV_COLUMNS = [
  'nomor',
  'klasifikasi',
  'judul',
  'isi_laporan',
  'tanggal_kejadian',
  'lokasi_kejadian',
  'instansi_tujuan',
  'kategori',
  'anonim',
  'nama',
  'telepon',
  'email',
  'kanal',
  'nomor_antrean',
  'status',
  'jawaban',
  'tanggal_jawaban',
] as const;

function cell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** dd/mm/yyyy: how LAPOR's date picker and Indonesian spreadsheets read a date. */
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** `timeZone`: the site's (the hub's business dates are in it); the answer's date is told in it too. */
export function complaintsCsv(rows: CentralComplaint[], site: { name: string }, timeZone = 'Asia/Jakarta'): string {
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const lines = rows.map((r) => {
    const category = COMPLAINT_CATEGORY_LABELS[r.category]?.id ?? r.category;
    const where = r.agency_name ?? 'Mal Pelayanan Publik';
    const fields = [
      complaintReference(r.uid),
      'Pengaduan',
      // LAPOR asks for a short title; the category and the agency are what an operator would write.
      `${category} - ${where}`,
      r.text,
      dmy(String(r.business_date).slice(0, 10)),
      [site.name, r.agency_name, r.service_name].filter(Boolean).join(', '),
      where,
      category,
      r.contact === null ? 'Ya' : 'Tidak',
      r.contact?.name ?? '',
      r.contact?.phone ?? '',
      r.contact?.email ?? '',
      r.channel === 'phone' ? 'Halaman tiket di ponsel' : 'Kios',
      r.ticket_display ?? '',
      r.answer === null ? 'Belum dijawab' : 'Sudah dijawab',
      r.answer ?? '',
      r.answered_at === null ? '' : dmy(day(r.answered_at)),
    ];
    return fields.map((f) => cell(String(f))).join(',');
  });
  return `\uFEFF${[COMPLAINT_CSV_COLUMNS.join(','), ...lines].join('\r\n')}\r\n`;
}
