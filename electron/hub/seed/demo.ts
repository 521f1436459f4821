/**
 * A realistic demo MPP for `npm run serve` and the end-to-end tests: 15 agencies, 40 services,
 * 25 counters and officers with documented demo PINs (README "Demo"). Seeded only into an
 * empty database.
 */
import { PrinterConfig } from '../../../shared/printing.js';
import type { HubCore } from '../core.js';
import { ALWAYS_OPEN, weekdayHours } from '../../../shared/openingHours.js';

export const DEMO_PINS = {
  admin: { username: 'admin', pin: '246810' },
  supervisor: { username: 'supervisor', pin: '135790' },
  /** every officer: petugas01 … petugas25 */
  officer: { usernamePattern: 'petugasNN', pin: '1234' },
} as const;

interface DemoService {
  code: string;
  name: string;
  prefix: string;
  minutes: number;
  quota?: number;
  /** closed every day (a seasonal service between its periods), so the demo always shows one */
  closed?: true;
  /** what citizens type at the kiosk's search besides the name ("ktp", "e-ktp") */
  keywords?: string[];
}

interface DemoAgency {
  code: string;
  name: string;
  shortName: string;
  services: DemoService[];
  /** how many counters (gerai/loket) it staffs */
  counters: number;
  zone: string;
}

// MPP hours are typically 08:00–15:00 on weekdays; some agencies also open Saturday mornings.
const HOURS = weekdayHours('08:00', '15:00');
const HOURS_SAT = weekdayHours('08:00', '15:00', ['08:00', '12:00']);
const CLOSED = [[], [], [], [], [], [], []];

export const DEMO_AGENCIES: DemoAgency[] = [
  {
    code: 'DUKCAPIL', name: 'Dinas Kependudukan dan Pencatatan Sipil', shortName: 'Dukcapil', counters: 4, zone: 'Lantai 1',
    services: [
      { code: 'KTP', name: 'KTP Elektronik', prefix: 'A', minutes: 8, keywords: ['ktp', 'e-ktp', 'ktp-el', 'kartu tanda penduduk'] },
      { code: 'KK', name: 'Kartu Keluarga', prefix: 'B', minutes: 10, keywords: ['kk', 'kartu keluarga', 'kk baru'] },
      { code: 'AKTA-LAHIR', name: 'Akta Kelahiran', prefix: 'C', minutes: 12, keywords: ['akta', 'akte', 'akta lahir', 'kelahiran'] },
      { code: 'AKTA-MATI', name: 'Akta Kematian', prefix: 'D', minutes: 12, keywords: ['akta', 'akte', 'akta mati', 'kematian'] },
      { code: 'KIA', name: 'Kartu Identitas Anak', prefix: 'E', minutes: 6, keywords: ['kia', 'kartu anak'] },
      { code: 'PINDAH', name: 'Surat Pindah Datang', prefix: 'F', minutes: 10, keywords: ['pindah', 'skpwni', 'pindah datang', 'surat pindah'] },
    ],
  },
  {
    code: 'POLRES', name: 'Kepolisian Resor (SKCK)', shortName: 'Polres', counters: 2, zone: 'Lantai 1',
    services: [
      { code: 'SKCK-BARU', name: 'SKCK Baru', prefix: 'G', minutes: 15, quota: 150, keywords: ['skck', 'catatan kepolisian', 'polisi'] },
      { code: 'SKCK-PANJANG', name: 'Perpanjangan SKCK', prefix: 'H', minutes: 10, quota: 150, keywords: ['skck', 'perpanjang skck', 'catatan kepolisian'] },
    ],
  },
  {
    code: 'KPP', name: 'Kantor Pelayanan Pajak Pratama', shortName: 'KPP Pratama', counters: 2, zone: 'Lantai 1',
    services: [
      { code: 'NPWP', name: 'Pendaftaran NPWP', prefix: 'J', minutes: 10, keywords: ['npwp', 'pajak', 'nomor pokok wajib pajak'] },
      { code: 'SPT', name: 'Konsultasi SPT Tahunan', prefix: 'K', minutes: 15, keywords: ['spt', 'pajak', 'lapor pajak'] },
      { code: 'EFIN', name: 'Aktivasi EFIN', prefix: 'L', minutes: 5, keywords: ['efin', 'pajak'] },
    ],
  },
  {
    code: 'BPJSKES', name: 'BPJS Kesehatan', shortName: 'BPJS Kesehatan', counters: 2, zone: 'Lantai 1',
    services: [
      { code: 'JKN-DAFTAR', name: 'Pendaftaran Peserta JKN', prefix: 'M', minutes: 10, keywords: ['bpjs', 'jkn', 'kis', 'bpjs kesehatan', 'daftar bpjs'] },
      { code: 'JKN-UBAH', name: 'Perubahan Data Peserta', prefix: 'N', minutes: 8, keywords: ['bpjs', 'jkn', 'kis', 'ubah data bpjs'] },
      { code: 'JKN-INFO', name: 'Informasi dan Pengaduan', prefix: 'P', minutes: 6, keywords: ['bpjs', 'jkn', 'pengaduan bpjs'] },
    ],
  },
  {
    code: 'BPJSTK', name: 'BPJS Ketenagakerjaan', shortName: 'BPJS TK', counters: 2, zone: 'Lantai 1',
    services: [
      { code: 'JHT', name: 'Klaim Jaminan Hari Tua', prefix: 'Q', minutes: 15, keywords: ['bpjs', 'bpjs tk', 'jht', 'jamsostek', 'klaim jht'] },
      { code: 'BPU', name: 'Pendaftaran Bukan Penerima Upah', prefix: 'R', minutes: 8, keywords: ['bpjs', 'bpjs tk', 'bpu', 'jamsostek'] },
    ],
  },
  {
    code: 'BPN', name: 'Kantor Pertanahan (BPN)', shortName: 'BPN', counters: 2, zone: 'Lantai 2',
    services: [
      { code: 'CEK-SERT', name: 'Pengecekan Sertifikat', prefix: 'S', minutes: 10, keywords: ['sertifikat', 'tanah', 'bpn'] },
      { code: 'INFO-TANAH', name: 'Informasi Pertanahan', prefix: 'T', minutes: 8, keywords: ['tanah', 'bpn'] },
      { code: 'BALIK-NAMA', name: 'Peralihan Hak (Balik Nama)', prefix: 'U', minutes: 15, keywords: ['balik nama', 'sertifikat', 'tanah'] },
    ],
  },
  {
    code: 'IMIGRASI', name: 'Kantor Imigrasi', shortName: 'Imigrasi', counters: 2, zone: 'Lantai 2',
    services: [
      { code: 'PASPOR-BARU', name: 'Paspor Baru', prefix: 'V', minutes: 15, quota: 60, keywords: ['paspor', 'passport', 'buat paspor'] },
      { code: 'PASPOR-GANTI', name: 'Penggantian Paspor', prefix: 'W', minutes: 12, quota: 60, keywords: ['paspor', 'passport', 'perpanjang paspor', 'paspor hilang'] },
    ],
  },
  {
    code: 'SAMSAT', name: 'Samsat (Bapenda)', shortName: 'Samsat', counters: 2, zone: 'Lantai 1',
    services: [
      { code: 'PKB-1', name: 'Pajak Kendaraan Tahunan', prefix: 'X', minutes: 6, keywords: ['pajak kendaraan', 'pkb', 'stnk', 'pajak motor', 'pajak mobil'] },
      { code: 'PKB-5', name: 'Pajak dan Ganti Pelat Lima Tahunan', prefix: 'Y', minutes: 15, keywords: ['stnk', 'plat nomor', 'pelat', 'pkb', 'pajak kendaraan'] },
      { code: 'MUTASI', name: 'Mutasi Kendaraan', prefix: 'Z', minutes: 15, keywords: ['mutasi', 'bbn', 'stnk', 'balik nama kendaraan'] },
    ],
  },
  {
    code: 'BANK', name: 'Bank Pembangunan Daerah', shortName: 'Bank Daerah', counters: 1, zone: 'Lantai 1',
    services: [
      { code: 'REKENING', name: 'Pembukaan Rekening', prefix: 'BA', minutes: 10, keywords: ['rekening', 'tabungan', 'bank'] },
      { code: 'SETORAN', name: 'Setoran Pajak dan Retribusi', prefix: 'BB', minutes: 5, keywords: ['setoran', 'pbb', 'retribusi', 'bayar pajak'] },
    ],
  },
  {
    code: 'PDAM', name: 'Perumda Air Minum', shortName: 'PDAM', counters: 1, zone: 'Lantai 2',
    services: [
      { code: 'SAMBUNG-BARU', name: 'Pasang Baru', prefix: 'PA', minutes: 10, keywords: ['pdam', 'air', 'sambungan baru'] },
      { code: 'PDAM-ADUAN', name: 'Pengaduan Pelanggan', prefix: 'PB', minutes: 8, keywords: ['pdam', 'air', 'keluhan air'] },
    ],
  },
  {
    code: 'KEMENAG', name: 'Kantor Kementerian Agama', shortName: 'Kemenag', counters: 1, zone: 'Lantai 2',
    services: [
      { code: 'HAJI', name: 'Pendaftaran Haji', prefix: 'KA', minutes: 20, closed: true, keywords: ['haji', 'umrah'] },
      { code: 'NIKAH', name: 'Rekomendasi Nikah', prefix: 'KB', minutes: 10, keywords: ['nikah', 'kua', 'menikah'] },
    ],
  },
  {
    code: 'PN', name: 'Pengadilan Negeri', shortName: 'PN', counters: 1, zone: 'Lantai 2',
    services: [
      { code: 'SKTPP', name: 'Surat Keterangan Tidak Pernah Dipidana', prefix: 'NA', minutes: 10, keywords: ['sktpp', 'surat keterangan', 'tidak pernah dipidana'] },
      { code: 'LEGALISASI', name: 'Legalisasi Dokumen', prefix: 'NB', minutes: 6, keywords: ['legalisir', 'legalisasi'] },
    ],
  },
  {
    code: 'DPMPTSP', name: 'Dinas Penanaman Modal dan PTSP', shortName: 'DPMPTSP', counters: 2, zone: 'Lantai 2',
    services: [
      { code: 'NIB', name: 'Perizinan Berusaha (NIB/OSS)', prefix: 'OA', minutes: 15, keywords: ['nib', 'oss', 'izin usaha', 'umkm'] },
      { code: 'PBG', name: 'Persetujuan Bangunan Gedung', prefix: 'OB', minutes: 20, keywords: ['pbg', 'imb', 'izin bangunan'] },
      { code: 'REKLAME', name: 'Izin Reklame', prefix: 'OC', minutes: 10, keywords: ['reklame', 'baliho', 'spanduk'] },
    ],
  },
  {
    code: 'DISNAKER', name: 'Dinas Tenaga Kerja', shortName: 'Disnaker', counters: 1, zone: 'Lantai 2',
    services: [
      { code: 'AK1', name: 'Kartu Pencari Kerja (AK/1)', prefix: 'TA', minutes: 8, keywords: ['ak1', 'ak-1', 'kartu kuning', 'pencari kerja'] },
      { code: 'LPK', name: 'Informasi Pelatihan Kerja', prefix: 'TB', minutes: 6, keywords: ['pelatihan', 'kursus', 'lpk'] },
    ],
  },
  {
    code: 'POS', name: 'Kantor Pos', shortName: 'Pos', counters: 0, zone: 'Lantai 1',
    services: [
      { code: 'KIRIM-DOK', name: 'Pengiriman Dokumen', prefix: 'PC', minutes: 5, keywords: ['pos', 'kirim', 'paket'] },
      { code: 'BANSOS', name: 'Penyaluran Bantuan Sosial', prefix: 'PD', minutes: 8, keywords: ['bansos', 'bantuan sosial', 'blt', 'pkh'] },
      { code: 'WESEL', name: 'Wesel dan Pembayaran', prefix: 'PE', minutes: 5, keywords: ['wesel', 'pos', 'pembayaran'] },
    ],
  },
];

/**
 * `officeHours: false` (the default for `npm run serve`) opens every service all day, so the demo
 * can be tried at any hour; with `true` the services keep real MPP hours.
 */
export async function seedDemo(core: Pick<HubCore, 'master' | 'staff' | 'printers' | 'calendar'>, opts: { officeHours?: boolean } = {}): Promise<void> {
  const { master, staff, printers } = core;
  master.setSite({
    name: 'Mal Pelayanan Publik Kabupaten Contoh',
    address: 'Jl. Jenderal Sudirman No. 1, Kabupaten Contoh',
    timeZone: 'Asia/Jakarta',
    ticketHeader: 'Selamat datang di Mal Pelayanan Publik',
    ticketFooter: 'Budayakan antre. Layanan ini tidak dipungut biaya.',
  });
  let gerai = 0;
  let officer = 0;
  let bankCounter: number | null = null;
  const officerInputs: Parameters<typeof staff.add>[0][] = [];
  // One commit for the whole MPP rather than one per row: each commit waits for the disk.
  master.transaction(() => {
    DEMO_AGENCIES.forEach((a, ai) => {
      const agencyId = master.addAgency({ code: a.code, name: a.name, shortName: a.shortName, sortOrder: ai });
      const serviceIds = a.services.map((s) =>
        master.addService({
          agencyId,
          code: s.code,
          name: s.name,
          prefix: s.prefix,
          estimatedMinutes: s.minutes,
          dailyQuota: s.quota ?? null,
          zone: a.zone,
          hours: s.closed ? CLOSED : !opts.officeHours ? ALWAYS_OPEN : a.code === 'SAMSAT' || a.code === 'DUKCAPIL' ? HOURS_SAT : HOURS,
          keywords: s.keywords ?? [],
        }),
      );
      for (let i = 0; i < a.counters; i++) {
        gerai += 1;
        // Each counter prefers a different service first, so a busy agency spreads its queue.
        const order = [...serviceIds.slice(i % serviceIds.length), ...serviceIds.slice(0, i % serviceIds.length)];
        const counterId = master.addCounter({ label: `Gerai ${gerai}`, agencyId, zone: a.zone, serviceIds: order });
        if (a.code === 'BANK') bankCounter = counterId;
        officer += 1;
        officerInputs.push({
          name: `Petugas ${a.shortName} ${i + 1}`,
          username: `petugas${String(officer).padStart(2, '0')}`,
          pin: DEMO_PINS.officer.pin,
          role: 'officer',
          agencyId,
        });
      }
    });
    // The Pos has no counter of its own: its services go to the Bank's, after the Bank's own.
    const pos = master.services().filter((s) => ['PC', 'PD', 'PE'].includes(s.prefix));
    master.addCounterServices(bankCounter!, pos.map((s) => s.id));
  });

  for (const o of officerInputs) await staff.add(o);
  await staff.add({ name: 'Supervisor MPP', username: DEMO_PINS.supervisor.username, pin: DEMO_PINS.supervisor.pin, role: 'supervisor' });
  await staff.add({ name: 'Admin MPP', username: DEMO_PINS.admin.username, pin: DEMO_PINS.admin.pin, role: 'admin' });
  // With office hours, the Friday prayer break most MPPs keep, for every service that follows it.
  if (opts.officeHours) core.calendar.addBreak({ weekday: 5, start: '11:30', end: '13:00', reason: 'Salat Jumat' });
  // The browser kiosk of the demo prints on a virtual printer: <data dir>/printers/kios-demo/.
  printers.configure(null, PrinterConfig.parse({ transport: 'virtual', address: DEMO_PRINTER_FOLDER }));
}

export const DEMO_PRINTER_FOLDER = 'kios-demo';
