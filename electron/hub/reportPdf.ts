/**
 * The reports as PDF, laid out by pdfmake (on PDFKit) in the report worker: the IKM (SKM) report in
 * the layout of Permenpan RB 14/2017 and the monthly recap per agency. Only the worker loads this
 * module (reportWorker.ts imports it when a PDF is asked for), so the hub's own thread and the
 * renderer's bundles never carry pdfmake.
 *
 * Fonts: Roboto, the TTF files pdfmake ships, read from its package folder (inside app.asar in the
 * installed app). pdfmake may read those files and nothing else, and fetch no URL.
 */
import { createRequire } from 'node:module';
import * as pdfmakeModule from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { IKM_INTERVALS } from '../../shared/ikm.js';
import { formatMinutes, type IkmReport, type MonthlyRecap, type ReportRow } from '../../shared/reports.js';

type PdfMake = typeof pdfmakeModule;
// pdfmake is CommonJS: its one instance is the module's default export under Node's ESM.
const pdfmake = ((pdfmakeModule as unknown as { default?: PdfMake }).default ?? pdfmakeModule) as PdfMake;

let ready = false;
function setUp(): void {
  if (ready) return;
  const require = createRequire(import.meta.url);
  const font = (file: string) => require.resolve(`pdfmake/fonts/Roboto/${file}`);
  const Roboto = { normal: font('Roboto-Regular.ttf'), bold: font('Roboto-Medium.ttf'), italics: font('Roboto-Italic.ttf'), bolditalics: font('Roboto-MediumItalic.ttf') };
  const allowed = new Set(Object.values(Roboto));
  pdfmake.setFonts({ Roboto });
  pdfmake.setLocalAccessPolicy((path) => allowed.has(path));
  pdfmake.setUrlAccessPolicy(() => false);
  ready = true;
}

async function render(doc: TDocumentDefinitions): Promise<Buffer> {
  setUp();
  return pdfmake.createPdf(doc).getBuffer();
}

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** "23 November 2026" */
function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

function period(from: string, to: string): string {
  return from === to ? longDate(from) : `${longDate(from)} s.d. ${longDate(to)}`;
}

/** Indonesian decimals: 3,254 */
const dec = (v: number | null, digits: number) => (v === null ? '–' : v.toLocaleString('id-ID', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const int = (v: number | null) => (v === null ? '–' : v.toLocaleString('id-ID'));

const STYLES: TDocumentDefinitions['styles'] = {
  title: { fontSize: 14, bold: true, alignment: 'center' },
  subtitle: { fontSize: 10, alignment: 'center', margin: [0, 2, 0, 10] },
  heading: { fontSize: 11, bold: true, margin: [0, 12, 0, 4] },
  th: { bold: true, fillColor: '#e8efe9' },
  note: { fontSize: 8, italics: true, color: '#444444', margin: [0, 4, 0, 0] },
};

const th = (text: string): TableCell => ({ text, style: 'th' });
const num = (text: string, bold = false): TableCell => ({ text, alignment: 'right', bold });

const footer = (page: number, pages: number): Content => ({ text: `Halaman ${page} dari ${pages} · Antre`, alignment: 'center', fontSize: 8, margin: [0, 10, 0, 0] });

/** The IKM report of Permenpan RB 14/2017: per-element NRR, weighted, IKM, grade, intervals, profile. */
export function ikmPdf(r: IkmReport): Promise<Buffer> {
  const elements: TableCell[][] = [
    [th('No'), th('Unsur pelayanan'), th('Jumlah jawaban'), th('Jumlah nilai'), th('NRR'), th('NRR tertimbang (NRR × 1/9)')],
    ...r.elements.map((e): TableCell[] => [e.code, e.name, num(int(e.answered)), num(int(e.sum)), num(dec(e.nrr, 3)), num(dec(e.weighted, 3))]),
    [{ text: 'IKM (jumlah NRR tertimbang)', colSpan: 5, bold: true }, '', '', '', '', num(dec(r.ikm, 3), true)],
    [{ text: 'IKM unit pelayanan (IKM × 25)', colSpan: 5, bold: true }, '', '', '', '', num(dec(r.converted, 2), true)],
    [{ text: 'Mutu pelayanan', colSpan: 5, bold: true }, '', '', '', '', { text: r.grade === null ? '–' : `${r.grade} (${r.gradeName})`, alignment: 'right', bold: true }],
  ];
  const intervals: TableCell[][] = [
    [th('Nilai persepsi'), th('Nilai interval (NI)'), th('Nilai interval konversi (NIK)'), th('Mutu pelayanan'), th('Kinerja unit pelayanan')],
    ...IKM_INTERVALS.map((i): TableCell[] => [String(i.perception), i.interval, i.converted, i.grade, i.id]),
  ];
  const profileRows = (label: string, counts: Record<string, number> | null): TableCell[][] =>
    counts === null ? [[label, { text: 'tidak dikumpulkan', italics: true, colSpan: 2 }, '']] : Object.entries(counts).map(([k, n]): TableCell[] => [label, k, num(int(n))]);
  const profile: TableCell[][] = [
    [th('Karakteristik'), th('Kelompok'), th('Jumlah')],
    ...profileRows('Jenis kelamin', r.profile.gender),
    ...profileRows('Usia', r.profile.age),
    ...profileRows('Pendidikan', r.profile.education),
    ...profileRows('Pekerjaan', r.profile.occupation),
  ];
  const services: TableCell[][] = [
    [th('Layanan'), th('Responden'), th('IKM'), th('Mutu')],
    ...r.services.map((s): TableCell[] => [s.name, num(int(s.respondents)), num(dec(s.converted, 2)), s.grade ?? '–']),
  ];
  const content: Content[] = [
    { text: 'LAPORAN SURVEI KEPUASAN MASYARAKAT', style: 'title' },
    { text: 'Indeks Kepuasan Masyarakat (IKM) menurut Peraturan Menteri PANRB Nomor 14 Tahun 2017', style: 'subtitle' },
    {
      table: {
        widths: [110, '*'],
        body: [
          ['Unit pelayanan', r.unit],
          ['Periode', period(r.from, r.to)],
          ['Jumlah responden', `${int(r.respondents)} (formulir lengkap ${int(r.forms.full)}, formulir singkat ${int(r.forms.short)})`],
        ],
      },
      layout: 'noBorders',
    },
    { text: 'Nilai per unsur pelayanan', style: 'heading' },
    { table: { headerRows: 1, widths: [24, '*', 50, 50, 40, 70], body: elements } },
    {
      text: 'NRR: nilai rata-rata jawaban (1–4) per unsur. Bobot tiap unsur 1/9 (0,111 dalam peraturan). Formulir singkat: satu jawaban berlaku untuk kesembilan unsur.',
      style: 'note',
    },
    { text: 'Nilai persepsi, interval IKM, interval konversi IKM, mutu pelayanan dan kinerja unit pelayanan', style: 'heading' },
    { table: { headerRows: 1, widths: [50, '*', '*', 50, '*'], body: intervals } },
    { text: 'Profil responden', style: 'heading' },
    { table: { headerRows: 1, widths: [100, '*', 50], body: profile } },
    { text: 'Formulir survei Antre tidak menanyakan jenis kelamin, pendidikan dan pekerjaan responden.', style: 'note' },
  ];
  if (r.services.length > 0) content.push({ text: 'IKM per layanan', style: 'heading' }, { table: { headerRows: 1, widths: ['*', 60, 50, 40], body: services } });
  return render({
    info: { title: `IKM ${r.unit} ${r.from}${r.to !== r.from ? ` – ${r.to}` : ''}`, creator: 'Antre' },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    defaultStyle: { font: 'Roboto', fontSize: 9 },
    styles: STYLES,
    footer,
    content,
  });
}

/** The monthly recap: per agency, a table of its days or weeks and the month's total. */
export function monthlyPdf(recap: MonthlyRecap, unit: string): Promise<Buffer> {
  const [y, m] = recap.month.split('-').map(Number) as [number, number];
  const line = (label: string, dates: string, r: ReportRow, bold = false): TableCell[] => [
    { text: label, bold },
    { text: dates, bold },
    num(int(r.issued), bold),
    num(int(r.served), bold),
    num(int(r.noShow), bold),
    num(int(r.cancelled), bold),
    num(formatMinutes(r.wait.avg), bold),
    num(formatMinutes(r.wait.p90), bold),
    num(formatMinutes(r.service.avg), bold),
    num(r.ikm.converted === null ? '–' : `${dec(r.ikm.converted, 2)} (${r.ikm.grade}, ${r.ikm.respondents})`, bold),
  ];
  const dates = (from: string, to: string) => (from === to ? from.slice(8) : `${from.slice(8)}–${to.slice(8)}`);
  const content: Content[] = [
    { text: `REKAP BULANAN ${MONTHS[m - 1]!.toUpperCase()} ${y}`, style: 'title' },
    { text: `${unit} · per instansi, per ${recap.period === 'day' ? 'hari' : 'minggu'}`, style: 'subtitle' },
  ];
  for (const a of recap.agencies) {
    content.push(
      { text: a.name, style: 'heading', headlineLevel: 1 },
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: ['*', 40, 42, 42, 42, 42, 52, 58, 52, 80],
          body: [
            [th(recap.period === 'day' ? 'Hari' : 'Minggu'), th('Tanggal'), th('Diambil'), th('Dilayani'), th('Tidak hadir'), th('Dibatalkan'), th('Tunggu rata-rata'), th('90% dilayani dalam'), th('Layanan rata-rata'), th('IKM (mutu, responden)')],
            ...a.periods.map((p) => line(p.name, dates(p.from, p.to), p)),
            line('Jumlah sebulan', '', a.total, true),
          ],
        },
      },
    );
  }
  content.push({ text: 'Waktu dalam menit:detik. Tunggu: dari kedatangan sampai panggilan pertama; "90% dilayani dalam": 90% warga dipanggil dalam waktu itu.', style: 'note' });
  return render({
    info: { title: `Rekap ${recap.month}`, creator: 'Antre' },
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [30, 30, 30, 40],
    defaultStyle: { font: 'Roboto', fontSize: 8 },
    styles: STYLES,
    footer,
    content,
  });
}
