/**
 * The master data as one workbook (XLSX) or one CSV per sheet: Instansi, Zona, Layanan, Loket and
 * Standar pelayanan (shared/masterData.ts declares their columns). The export is today's data in exactly the
 * import's format, so an MPP prepares its set-up in Excel and imports it back.
 *
 * An import is read, then previewed (every row: added, changed or unchanged, and every error with
 * its sheet, row, column and a message in both languages), then applied all-or-nothing: one
 * transaction, one `master.changed` event of kind 'import', an audit entry per row. A file with any
 * error applies nothing. Rows match what exists by their key: an agency's and a service's code, a
 * zone's name, a counter's label; what the file leaves out stays as it is (a row deactivates with
 * Aktif = Tidak, nothing is ever deleted). Officers are not in the file: PINs do not belong in a
 * spreadsheet (the Staff tab adds them).
 *
 * CSV: `;` between fields, decimal comma and a UTF-8 BOM, as Excel with Indonesian settings writes
 * and reads them; reading also takes `,` (detected from the header row) and no BOM.
 */
import ExcelJS from 'exceljs';
import {
  FIELD_MESSAGES,
  HOURS_COLUMNS,
  MASTER_CODE,
  MASTER_COLUMNS,
  MASTER_SHEETS,
  OPTIONAL_COLUMNS,
  fieldMessage,
  formatDayHours,
  parseDayHours,
  splitKeywords,
  type FieldMessage,
  type ImportIssue,
  type ImportRow,
  type MasterImportPreview,
  type MasterImportRequest,
  type MasterImportResult,
  type MasterSheet,
} from '../../shared/masterData.js';
import type { WeeklyHours } from '../../shared/site.js';
import { PREFIX_PATTERN } from '../../shared/ticketNumber.js';
import type { Actor } from './actor.js';
import { fromCsv, toCsv } from './csv.js';
import { HubError } from './hubError.js';
import { keywordsText, type MasterData } from './masterData.js';
import { checkStandard, type ServiceStandards } from './serviceStandards.js';
import { EMPTY_STANDARD, REQUIREMENTS_MAX, hasStandard, type ServiceStandard } from '../../shared/serviceStandard.js';

export const MASTER_FILE_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

/** A sheet as read: its header's columns and each row's cells by column name, as text. */
interface SheetRows {
  rows: { row: number; cells: Record<string, string> }[];
  /** the optional columns (OPTIONAL_COLUMNS) its header has */
  present: Set<string>;
}
type Sheets = Partial<Record<MasterSheet, SheetRows>>;

// ---- cells to text and back --------------------------------------------------------------

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'Ya' : 'Tidak';
  if (v instanceof Date) {
    // A time Excel turned into a date: 08:00 is 1899-12-30T08:00Z.
    return `${String(v.getUTCHours()).padStart(2, '0')}:${String(v.getUTCMinutes()).padStart(2, '0')}`;
  }
  if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
  if ('result' in v) return cellText((v.result ?? null) as ExcelJS.CellValue);
  if ('text' in v) return String(v.text).trim();
  return String(v).trim();
}

const YES = new Set(['ya', 'y', 'yes', '1', 'true', 'aktif', 'benar']);
const NO = new Set(['tidak', 't', 'no', 'n', '0', 'false', 'nonaktif', 'salah']);
const yesNo = (b: boolean) => (b ? 'Ya' : 'Tidak');

/** "1.000" (Indonesian thousands), "12", "7,5" or "7.5"; null when not a number. */
function parseNumber(s: string, integer: boolean): number | null {
  let t = s.trim().replace(/\s/g, '');
  if (integer && /^\d{1,3}(\.\d{3})+$/.test(t)) t = t.replace(/\./g, '');
  t = t.replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return integer && !Number.isInteger(n) ? null : n;
}

/** Rows of text (header first) to the sheet's rows by column. */
function toSheet(sheet: MasterSheet, table: string[][], issues: ImportIssue[]): SheetRows {
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const index = new Map<string, number>();
  const optional = new Set<string>(OPTIONAL_COLUMNS[sheet] ?? []);
  const present = new Set<string>();
  for (const col of MASTER_COLUMNS[sheet]) {
    const i = header.indexOf(col.toLowerCase());
    if (i >= 0) {
      index.set(col, i);
      if (optional.has(col)) present.add(col);
    } else if (!optional.has(col)) issues.push({ sheet, row: 1, column: col, message: fieldMessage('missingColumn', { column: col }) });
  }
  const rows: SheetRows['rows'] = [];
  table.slice(1).forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    rows.push({ row: i + 2, cells: Object.fromEntries(MASTER_COLUMNS[sheet].map((col) => [col, (cells[index.get(col) ?? -1] ?? '').trim()])) });
  });
  return { rows, present };
}

// ---- the current data, keyed as the file keys it -----------------------------------------

interface Current {
  agencies: Map<string, { id: number; name: string; shortName: string; sortOrder: number; active: boolean }>;
  zones: Map<string, { id: number; floor: string; sortOrder: number; active: boolean }>;
  services: Map<
    string,
    {
      id: number;
      agencyCode: string;
      /** what the admin last set: the pending name and prefix when there are any */
      name: string;
      prefix: string;
      currentPrefix: string;
      zone: string;
      dailyQuota: number | null;
      estimatedMinutes: number;
      waitTargetMinutes: number | null;
      issueOpensBeforeMinutes: number;
      lastTicketBeforeMinutes: number;
      followsSiteBreaks: boolean;
      hours: WeeklyHours;
      active: boolean;
      keywords: string[];
    }
  >;
  counters: Map<string, { id: number; agencyCode: string; zone: string; services: string[]; active: boolean; inUse: boolean }>;
}

function current(master: MasterData): Current {
  const agencies = master.agencies();
  const zones = master.zones();
  const services = master.servicesAdmin();
  const agencyCode = new Map(agencies.map((a) => [a.id, a.code]));
  const zoneName = new Map(zones.map((z) => [z.id, z.name]));
  const serviceCode = new Map(services.map((s) => [s.id, s.code]));
  return {
    agencies: new Map(agencies.map((a) => [a.code, { id: a.id, name: a.name, shortName: a.shortName, sortOrder: a.sortOrder, active: a.active }])),
    zones: new Map(zones.map((z) => [z.name, { id: z.id, floor: z.floor, sortOrder: z.sortOrder, active: z.active }])),
    services: new Map(
      services.map((s) => [
        s.code,
        {
          id: s.id,
          agencyCode: agencyCode.get(s.agencyId) ?? '',
          name: s.pending?.name ?? s.name,
          prefix: s.pending?.prefix ?? s.prefix,
          currentPrefix: s.prefix,
          zone: s.zoneId === null ? '' : (zoneName.get(s.zoneId) ?? ''),
          dailyQuota: s.dailyQuota,
          estimatedMinutes: s.estimatedMinutes,
          waitTargetMinutes: s.waitTargetMinutes,
          issueOpensBeforeMinutes: s.issueOpensBeforeMinutes,
          lastTicketBeforeMinutes: s.lastTicketBeforeMinutes,
          followsSiteBreaks: s.followsSiteBreaks,
          hours: s.hours,
          active: s.active,
          keywords: s.keywords,
        },
      ]),
    ),
    counters: new Map(
      master.counters().map((c) => [
        c.label,
        {
          id: c.id,
          agencyCode: c.agencyId === null ? '' : (agencyCode.get(c.agencyId) ?? ''),
          zone: c.zoneId === null ? '' : (zoneName.get(c.zoneId) ?? ''),
          services: c.serviceIds.map((id) => serviceCode.get(id) ?? ''),
          active: c.active,
          inUse: c.state !== 'closed' || c.holdsTicket,
        },
      ]),
    ),
  };
}

// ---- the plan: what each row does ----------------------------------------------------------

interface AgencyTarget {
  code: string;
  name: string;
  shortName: string;
  sortOrder: number | null;
  active: boolean;
}
interface ZoneTarget {
  name: string;
  floor: string;
  sortOrder: number | null;
  active: boolean;
}
interface ServiceTarget {
  code: string;
  agencyCode: string;
  name: string;
  prefix: string;
  zone: string;
  dailyQuota: number | null;
  estimatedMinutes: number;
  waitTargetMinutes: number | null;
  issueOpensBeforeMinutes: number;
  lastTicketBeforeMinutes: number;
  followsSiteBreaks: boolean;
  hours: WeeklyHours;
  active: boolean;
  /** null: the file has no "Kata kunci" column, the keywords stay as they are */
  keywords: string[] | null;
}
interface CounterTarget {
  label: string;
  agencyCode: string;
  zone: string;
  services: string[];
  active: boolean;
}

/** A service's standard as the sheet says it (Standar pelayanan). */
interface StandardTarget {
  code: string;
  standard: ServiceStandard;
}

/** Requirements in one cell: one per line, or separated by "|" (typed on one line). */
export function splitRequirements(cell: string): string[] {
  return cell
    .split(/\r?\n|\r|\|/)
    .map((r) => r.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

/** The cell the export writes: one requirement per line (the import reads it back the same). */
export const requirementsCell = (requirements: readonly string[]) => requirements.join('\n');

interface Step<T> {
  row: ImportRow;
  target: T;
}
interface Plan {
  preview: MasterImportPreview;
  agencies: Step<AgencyTarget>[];
  zones: Step<ZoneTarget>[];
  services: Step<ServiceTarget>[];
  counters: Step<CounterTarget>[];
  standards: Step<StandardTarget>[];
}

/** Reads one row's cells, collecting each field's error. */
class RowReader {
  constructor(
    private readonly sheet: MasterSheet,
    private readonly row: number,
    private readonly cells: Record<string, string>,
    private readonly issues: ImportIssue[],
  ) {}

  fail(column: string, message: FieldMessage): void {
    this.issues.push({ sheet: this.sheet, row: this.row, column, message });
  }
  text(column: string, max: number, required = true): string {
    const v = this.cells[column] ?? '';
    if (required && v === '') this.fail(column, FIELD_MESSAGES.required);
    else if (v.length > max) this.fail(column, FIELD_MESSAGES.tooLong);
    return v;
  }
  pattern(column: string, re: RegExp, message: FieldMessage): string {
    const v = (this.cells[column] ?? '').toUpperCase();
    if (v === '') this.fail(column, FIELD_MESSAGES.required);
    else if (!re.test(v)) this.fail(column, message);
    return v;
  }
  /** empty: `empty` */
  number<E extends number | null>(column: string, opts: { min: number; max: number; integer: boolean; empty: E }): number | E {
    const v = this.cells[column] ?? '';
    if (v === '') return opts.empty;
    const n = parseNumber(v, opts.integer);
    if (n === null || n < opts.min || n > opts.max) {
      this.fail(column, opts.integer ? FIELD_MESSAGES.wholeNumber : FIELD_MESSAGES.number);
      return opts.empty;
    }
    return n;
  }
  bool(column: string): boolean {
    const v = (this.cells[column] ?? '').toLowerCase();
    if (v === '' || YES.has(v)) return true;
    if (NO.has(v)) return false;
    this.fail(column, FIELD_MESSAGES.yesNo);
    return true;
  }
  /** a comma-separated list; null when the sheet has no such column */
  keywords(column: string, present: boolean): string[] | null {
    if (!present) return null;
    const list = splitKeywords(this.cells[column] ?? '');
    if (list.length > 30 || list.some((k) => k.length > 40)) this.fail(column, FIELD_MESSAGES.keywords);
    return list;
  }
  hours(): WeeklyHours {
    const week: WeeklyHours = [[], [], [], [], [], [], []];
    for (const [day, index] of HOURS_COLUMNS) {
      const ranges = parseDayHours(this.cells[day] ?? '');
      if (ranges === null) this.fail(day, FIELD_MESSAGES.hours);
      else week[index] = ranges;
    }
    return week;
  }
}

/** The columns whose value differs ([] when equal). */
function diff(pairs: [string, unknown, unknown][]): string[] {
  return pairs.filter(([, a, b]) => a !== b).map(([col]) => col);
}

export class MasterImport {
  /** without `standards` (tests that import only the set-up), the Standar pelayanan sheet is left alone */
  constructor(
    private readonly master: MasterData,
    private readonly standards?: ServiceStandards,
  ) {}

  /** Each service's standard by its code, today. */
  private currentStandards(): Map<string, ServiceStandard> {
    const out = new Map<string, ServiceStandard>();
    if (!this.standards) return out;
    for (const s of this.master.servicesAdmin()) out.set(s.code, this.standards.get(s.id));
    return out;
  }

  // ---- reading a file ----------------------------------------------------------------------

  /** The sheets in an upload; a file that cannot be read is an error in the preview, not a throw. */
  async read(req: MasterImportRequest, issues: ImportIssue[]): Promise<Sheets> {
    const sheets: Sheets = {};
    if ('xlsx' in req) {
      const wb = new ExcelJS.Workbook();
      try {
        await wb.xlsx.load(Buffer.from(req.xlsx, 'base64') as unknown as ArrayBuffer);
      } catch {
        issues.push({ sheet: 'Instansi', row: 1, column: '', message: FIELD_MESSAGES.unreadable });
        return sheets;
      }
      for (const name of MASTER_SHEETS) {
        const ws = wb.worksheets.find((w) => w.name.trim().toLowerCase() === name.toLowerCase());
        if (!ws) continue;
        const table: string[][] = [];
        ws.eachRow({ includeEmpty: true }, (r, n) => {
          const values = r.values as ExcelJS.CellValue[];
          table[n - 1] = values.slice(1).map(cellText);
        });
        for (let i = 0; i < table.length; i++) table[i] ??= [];
        sheets[name] = toSheet(name, table, issues);
      }
      return sheets;
    }
    for (const name of MASTER_SHEETS) {
      const b64 = req.csv[name];
      if (b64 === undefined) continue;
      sheets[name] = toSheet(name, fromCsv(Buffer.from(b64, 'base64').toString('utf8')), issues);
    }
    return sheets;
  }

  // ---- the preview ---------------------------------------------------------------------------

  /** What the file would do, row by row, and everything wrong with it. */
  plan(sheets: Sheets, readIssues: ImportIssue[] = []): Plan {
    const issues = [...readIssues];
    const now = current(this.master);
    const rows: ImportRow[] = [];
    const step = <T>(sheet: MasterSheet, row: number, key: string, exists: boolean, changed: string[], target: T): Step<T> => {
      const r: ImportRow = { sheet, row, key, action: !exists ? 'add' : changed.length ? 'change' : 'unchanged', changed: exists ? changed : [] };
      rows.push(r);
      return { row: r, target };
    };
    /** Keys seen in a sheet; a second row with one is an error. */
    const unique = (sheet: MasterSheet, column: string) => {
      const seen = new Set<string>();
      return (read: RowReader, key: string): boolean => {
        if (!key) return true;
        if (seen.has(key.toLowerCase())) {
          read.fail(column, FIELD_MESSAGES.duplicateRow);
          return false;
        }
        seen.add(key.toLowerCase());
        return true;
      };
    };

    // Instansi
    const agencies: Step<AgencyTarget>[] = [];
    const agencyOnce = unique('Instansi', 'Kode');
    for (const { row, cells } of sheets.Instansi?.rows ?? []) {
      const read = new RowReader('Instansi', row, cells, issues);
      const t: AgencyTarget = {
        code: read.pattern('Kode', MASTER_CODE, FIELD_MESSAGES.code),
        name: read.text('Nama', 120),
        shortName: read.text('Nama singkat', 30),
        sortOrder: read.number('Urutan', { min: 0, max: 10_000, integer: true, empty: null }),
        active: read.bool('Aktif'),
      };
      if (!agencyOnce(read, t.code)) continue;
      const cur = now.agencies.get(t.code);
      const changed = cur
        ? diff([
            ['Nama', t.name, cur.name],
            ['Nama singkat', t.shortName, cur.shortName],
            ['Urutan', t.sortOrder ?? cur.sortOrder, cur.sortOrder],
            ['Aktif', t.active, cur.active],
          ])
        : [];
      agencies.push(step('Instansi', row, t.code, !!cur, changed, t));
    }
    const agencyCodes = new Set([...now.agencies.keys(), ...agencies.map((a) => a.target.code)]);

    // Zona
    const zones: Step<ZoneTarget>[] = [];
    const zoneOnce = unique('Zona', 'Nama');
    for (const { row, cells } of sheets.Zona?.rows ?? []) {
      const read = new RowReader('Zona', row, cells, issues);
      const t: ZoneTarget = {
        name: read.text('Nama', 40),
        floor: read.text('Lantai', 60, false),
        sortOrder: read.number('Urutan', { min: 0, max: 10_000, integer: true, empty: null }),
        active: read.bool('Aktif'),
      };
      if (!zoneOnce(read, t.name)) continue;
      const cur = now.zones.get(t.name);
      const changed = cur
        ? diff([
            ['Lantai', t.floor, cur.floor],
            ['Urutan', t.sortOrder ?? cur.sortOrder, cur.sortOrder],
            ['Aktif', t.active, cur.active],
          ])
        : [];
      zones.push(step('Zona', row, t.name, !!cur, changed, t));
    }
    const zoneNames = new Set([...now.zones.keys(), ...zones.map((z) => z.target.name)]);

    // Layanan
    const services: Step<ServiceTarget>[] = [];
    const serviceOnce = unique('Layanan', 'Kode');
    const prefixRows: { read: RowReader; code: string; prefix: string }[] = [];
    for (const { row, cells } of sheets.Layanan?.rows ?? []) {
      const read = new RowReader('Layanan', row, cells, issues);
      const agencyCode = read.pattern('Instansi', MASTER_CODE, FIELD_MESSAGES.agencyUnknown);
      if (agencyCode && MASTER_CODE.test(agencyCode) && !agencyCodes.has(agencyCode)) read.fail('Instansi', FIELD_MESSAGES.agencyUnknown);
      const zone = read.text('Zona', 40, false);
      if (zone && !zoneNames.has(zone)) read.fail('Zona', FIELD_MESSAGES.zoneUnknown);
      const t: ServiceTarget = {
        code: read.pattern('Kode', MASTER_CODE, FIELD_MESSAGES.code),
        agencyCode,
        name: read.text('Nama', 120),
        prefix: read.pattern('Prefiks', PREFIX_PATTERN, FIELD_MESSAGES.prefix),
        zone,
        dailyQuota: read.number('Kuota harian', { min: 1, max: 10_000, integer: true, empty: null }),
        estimatedMinutes: read.number('Menit per warga', { min: 0.5, max: 240, integer: false, empty: 10 }),
        waitTargetMinutes: read.number('Target tunggu (menit)', { min: 5, max: 480, integer: true, empty: null }),
        issueOpensBeforeMinutes: read.number('Tiket dibuka sebelum buka (menit)', { min: 0, max: 240, integer: true, empty: 0 }),
        lastTicketBeforeMinutes: read.number('Tiket terakhir sebelum tutup (menit)', { min: 0, max: 240, integer: true, empty: 0 }),
        followsSiteBreaks: read.bool('Ikut istirahat MPP'),
        hours: read.hours(),
        active: read.bool('Aktif'),
        keywords: read.keywords('Kata kunci', sheets.Layanan?.present.has('Kata kunci') ?? false),
      };
      if (!serviceOnce(read, t.code)) continue;
      const cur = now.services.get(t.code);
      const changed = cur
        ? diff([
            ['Instansi', t.agencyCode, cur.agencyCode],
            ['Nama', t.name, cur.name],
            ['Prefiks', t.prefix, cur.prefix],
            ['Zona', t.zone, cur.zone],
            ['Kuota harian', t.dailyQuota, cur.dailyQuota],
            ['Menit per warga', t.estimatedMinutes, cur.estimatedMinutes],
            ['Target tunggu (menit)', t.waitTargetMinutes, cur.waitTargetMinutes],
            ['Tiket dibuka sebelum buka (menit)', t.issueOpensBeforeMinutes, cur.issueOpensBeforeMinutes],
            ['Tiket terakhir sebelum tutup (menit)', t.lastTicketBeforeMinutes, cur.lastTicketBeforeMinutes],
            ['Ikut istirahat MPP', t.followsSiteBreaks, cur.followsSiteBreaks],
            ...HOURS_COLUMNS.map(([day, i]): [string, unknown, unknown] => [day, formatDayHours(t.hours[i] ?? []), formatDayHours(cur.hours[i] ?? [])]),
            ['Aktif', t.active, cur.active],
            ['Kata kunci', t.keywords === null ? null : keywordsText(t.keywords), t.keywords === null ? null : keywordsText(cur.keywords)],
          ])
        : [];
      services.push(step('Layanan', row, t.code, !!cur, changed, t));
      if (PREFIX_PATTERN.test(t.prefix) && (!cur || t.prefix !== cur.prefix)) prefixRows.push({ read, code: t.code, prefix: t.prefix });
    }
    // A prefix may not be another service's, today's or the one it takes next (the file's say wins for the file's services).
    const desired = new Map([...now.services].map(([code, s]) => [code, s.prefix]));
    for (const s of services) desired.set(s.target.code, s.target.prefix);
    for (const { read, code, prefix } of prefixRows) {
      const other =
        [...now.services].find(([c, s]) => c !== code && s.currentPrefix === prefix)?.[0] ??
        [...desired].find(([c, p]) => c !== code && p === prefix)?.[0];
      if (other !== undefined) read.fail('Prefiks', fieldMessage('prefixTaken', { code: other }));
    }
    const serviceCodes = new Set([...now.services.keys(), ...services.map((s) => s.target.code)]);

    // Loket
    const counters: Step<CounterTarget>[] = [];
    const counterOnce = unique('Loket', 'Label');
    for (const { row, cells } of sheets.Loket?.rows ?? []) {
      const read = new RowReader('Loket', row, cells, issues);
      const agencyCode = (cells.Instansi ?? '').toUpperCase();
      if (agencyCode && !agencyCodes.has(agencyCode)) read.fail('Instansi', FIELD_MESSAGES.agencyUnknown);
      const zone = read.text('Zona', 40, false);
      if (zone && !zoneNames.has(zone)) read.fail('Zona', FIELD_MESSAGES.zoneUnknown);
      const list = (cells.Layanan ?? '')
        .split(/[,;\s]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean);
      if (list.length === 0) read.fail('Layanan', FIELD_MESSAGES.noServices);
      else if (new Set(list).size !== list.length) read.fail('Layanan', FIELD_MESSAGES.duplicateService);
      const unknown = list.filter((c) => !serviceCodes.has(c));
      if (unknown.length) read.fail('Layanan', fieldMessage('serviceUnknown', { codes: unknown.join(', ') }));
      const t: CounterTarget = { label: read.text('Label', 40), agencyCode, zone, services: list, active: read.bool('Aktif') };
      if (!counterOnce(read, t.label)) continue;
      const cur = now.counters.get(t.label);
      if (cur && cur.active && !t.active && cur.inUse) read.fail('Aktif', FIELD_MESSAGES.counterInUse);
      const changed = cur
        ? diff([
            ['Instansi', t.agencyCode, cur.agencyCode],
            ['Zona', t.zone, cur.zone],
            ['Layanan', t.services.join(','), cur.services.join(',')],
            ['Aktif', t.active, cur.active],
          ])
        : [];
      counters.push(step('Loket', row, t.label, !!cur, changed, t));
    }

    // Standar pelayanan: one row per service, of today's or of the file's Layanan.
    const standards: Step<StandardTarget>[] = [];
    const standardOnce = unique('Standar pelayanan', 'Kode');
    const nowStandards = this.currentStandards();
    for (const { row, cells } of this.standards ? (sheets['Standar pelayanan']?.rows ?? []) : []) {
      const read = new RowReader('Standar pelayanan', row, cells, issues);
      const code = read.pattern('Kode', MASTER_CODE, FIELD_MESSAGES.code);
      if (code && MASTER_CODE.test(code) && !serviceCodes.has(code)) read.fail('Kode', fieldMessage('serviceUnknown', { codes: code }));
      const requirements = splitRequirements(cells.Persyaratan ?? '');
      if (requirements.length > REQUIREMENTS_MAX || requirements.some((r) => r.length > 200)) read.fail('Persyaratan', FIELD_MESSAGES.requirements);
      const input: ServiceStandard = {
        requirements,
        procedure: read.text('Prosedur', 2000, false),
        completionTime: read.text('Waktu penyelesaian', 200, false),
        fee: read.text('Biaya', 200, false),
        product: read.text('Produk', 300, false),
        legalBasis: read.text('Dasar hukum', 1000, false),
        complaintContact: read.text('Pengaduan', 300, false),
      };
      if (!standardOnce(read, code)) continue;
      const checked = checkStandard(input);
      const standard = checked.ok ? checked.standard : input;
      const cur = nowStandards.get(code) ?? EMPTY_STANDARD;
      const changed = diff([
        ['Persyaratan', requirementsCell(standard.requirements), requirementsCell(cur.requirements)],
        ['Prosedur', standard.procedure, cur.procedure],
        ['Waktu penyelesaian', standard.completionTime, cur.completionTime],
        ['Biaya', standard.fee, cur.fee],
        ['Produk', standard.product, cur.product],
        ['Dasar hukum', standard.legalBasis, cur.legalBasis],
        ['Pengaduan', standard.complaintContact, cur.complaintContact],
      ]);
      // "add": a service without a standard gets one; an empty row for such a service changes nothing.
      standards.push(step('Standar pelayanan', row, code, hasStandard(cur) || !hasStandard(standard), changed, { code, standard }));
    }

    const count = (a: ImportRow['action']) => rows.filter((r) => r.action === a).length;
    const order = (i: ImportIssue) => MASTER_SHEETS.indexOf(i.sheet) * 1e6 + i.row;
    issues.sort((a, b) => order(a) - order(b));
    return {
      preview: { rows, errors: issues, counts: { add: count('add'), change: count('change'), unchanged: count('unchanged') } },
      agencies,
      zones,
      services,
      counters,
      standards,
    };
  }

  async preview(req: MasterImportRequest): Promise<MasterImportPreview> {
    const issues: ImportIssue[] = [];
    const sheets = await this.read(req, issues);
    return this.plan(sheets, issues).preview;
  }

  // ---- applying ------------------------------------------------------------------------------

  /** Applies the file all-or-nothing; a file with any error is refused (MASTER_IMPORT_INVALID) and changes nothing. */
  async apply(req: MasterImportRequest, actor: Actor): Promise<MasterImportResult> {
    const issues: ImportIssue[] = [];
    const sheets = await this.read(req, issues);
    const m = this.master;
    let planned: Plan | null = null;
    // Planned again inside the transaction: what the preview saw may have changed meanwhile.
    const applied = this.batch(actor, () => {
      const plan = this.plan(sheets, issues);
      planned = plan;
      if (plan.preview.errors.length) throw new HubError('MASTER_IMPORT_INVALID', { errors: plan.preview.errors });
      let n = 0;
      const todo = <T>(steps: Step<T>[]) => steps.filter((s) => s.row.action !== 'unchanged');
      const agencyId = new Map(m.agencies().map((a) => [a.code, a.id]));
      // Agencies are deactivated last, after the services the file adds to them.
      const deactivate: number[] = [];
      for (const { target: t } of todo(plan.agencies)) {
        const id = agencyId.get(t.code);
        if (id === undefined) agencyId.set(t.code, m.addAgency({ code: t.code, name: t.name, shortName: t.shortName, ...(t.sortOrder !== null ? { sortOrder: t.sortOrder } : {}) }, actor));
        else m.updateAgency(id, { name: t.name, shortName: t.shortName, ...(t.sortOrder !== null ? { sortOrder: t.sortOrder } : {}), ...(t.active ? { active: true } : {}) }, actor);
        if (!t.active) deactivate.push(agencyId.get(t.code)!);
        n += 1;
      }
      const zoneId = new Map(m.zones().map((z) => [z.name, z.id]));
      for (const { target: t } of todo(plan.zones)) {
        const id = zoneId.get(t.name);
        if (id === undefined) {
          const added = m.addZone({ name: t.name, floor: t.floor, ...(t.sortOrder !== null ? { sortOrder: t.sortOrder } : {}) }, actor);
          zoneId.set(t.name, added);
          if (!t.active) m.updateZone(added, { active: false }, actor);
        } else m.updateZone(id, { floor: t.floor, ...(t.sortOrder !== null ? { sortOrder: t.sortOrder } : {}), active: t.active }, actor);
        n += 1;
      }
      const serviceId = new Map(m.servicesAdmin().map((s) => [s.code, s.id]));
      for (const { row, target: t } of todo(plan.services)) {
        const fields = {
          agencyId: agencyId.get(t.agencyCode)!,
          dailyQuota: t.dailyQuota,
          estimatedMinutes: t.estimatedMinutes,
          hours: t.hours,
          waitTargetMinutes: t.waitTargetMinutes,
          zoneId: t.zone ? zoneId.get(t.zone)! : null,
          issueOpensBeforeMinutes: t.issueOpensBeforeMinutes,
          lastTicketBeforeMinutes: t.lastTicketBeforeMinutes,
          followsSiteBreaks: t.followsSiteBreaks,
          active: t.active,
          ...(t.keywords === null ? {} : { keywords: t.keywords }),
        };
        const id = serviceId.get(t.code);
        if (id === undefined) serviceId.set(t.code, m.addService({ ...fields, code: t.code, name: t.name, prefix: t.prefix }, actor));
        else {
          const rename = row.changed.includes('Nama') || row.changed.includes('Prefiks') ? { name: t.name, prefix: t.prefix } : {};
          m.updateService(id, { ...fields, ...rename }, actor);
        }
        n += 1;
      }
      const counterId = new Map(m.counters().map((c) => [c.label, c.id]));
      for (const { target: t } of todo(plan.counters)) {
        const fields = {
          agencyId: t.agencyCode ? agencyId.get(t.agencyCode)! : null,
          zoneId: t.zone ? zoneId.get(t.zone)! : null,
          serviceIds: t.services.map((c) => serviceId.get(c)!),
        };
        const id = counterId.get(t.label);
        if (id === undefined) {
          const added = m.addCounter({ label: t.label, ...fields }, actor);
          if (!t.active) m.updateCounter(added, { active: false }, actor);
        } else m.updateCounter(id, { ...fields, active: t.active }, actor);
        n += 1;
      }
      // Each standard is its own 'standard.published' event (the central page needs each), in the import's transaction.
      for (const { target: t } of todo(plan.standards)) {
        this.standards!.set(serviceId.get(t.code)!, t.standard, actor);
        n += 1;
      }
      for (const id of deactivate) m.updateAgency(id, { active: false }, actor);
      return n;
    });
    return { applied, preview: (planned as Plan | null)!.preview };
  }

  /** MasterData's importBatch; a rollback also drops the standards' cache, which the batch may have written. */
  private batch(actor: Actor, fn: () => number): number {
    try {
      return this.master.importBatch(actor, fn);
    } catch (err) {
      this.standards?.forget();
      throw err;
    }
  }

  // ---- the export ----------------------------------------------------------------------------

  /** Today's data as the import reads it, row by row per sheet (header first). */
  tables(): Record<MasterSheet, (string | number)[][]> {
    const now = current(this.master);
    const standards = this.currentStandards();
    const opt = (n: number | null) => (n === null ? '' : n);
    return {
      Instansi: [
        [...MASTER_COLUMNS.Instansi],
        ...[...now.agencies].map(([code, a]) => [code, a.name, a.shortName, a.sortOrder, yesNo(a.active)]),
      ],
      Zona: [[...MASTER_COLUMNS.Zona], ...[...now.zones].map(([name, z]) => [name, z.floor, z.sortOrder, yesNo(z.active)])],
      Layanan: [
        [...MASTER_COLUMNS.Layanan],
        ...[...now.services].map(([code, s]) => [
          code,
          s.agencyCode,
          s.name,
          s.prefix,
          s.zone,
          opt(s.dailyQuota),
          s.estimatedMinutes,
          opt(s.waitTargetMinutes),
          s.issueOpensBeforeMinutes,
          s.lastTicketBeforeMinutes,
          yesNo(s.followsSiteBreaks),
          ...HOURS_COLUMNS.map(([, i]) => formatDayHours(s.hours[i] ?? [])),
          yesNo(s.active),
          s.keywords.join(', '),
        ]),
      ],
      Loket: [
        [...MASTER_COLUMNS.Loket],
        ...[...now.counters].map(([label, c]) => [label, c.agencyCode, c.zone, c.services.join(', '), yesNo(c.active)]),
      ],
      // Every service has its row, so the sheet is also the form to fill in for those without a standard.
      'Standar pelayanan': [
        [...MASTER_COLUMNS['Standar pelayanan']],
        ...(this.standards
          ? [...now.services].map(([code, s]) => {
              const st = standards.get(code) ?? EMPTY_STANDARD;
              return [code, s.name, requirementsCell(st.requirements), st.procedure, st.completionTime, st.fee, st.product, st.legalBasis, st.complaintContact];
            })
          : []),
      ],
    };
  }

  /** One sheet as CSV for Excel with Indonesian settings: `;`, decimal comma, UTF-8 BOM. */
  exportCsv(sheet: MasterSheet): string {
    return toCsv(this.tables()[sheet]);
  }

  /** The workbook: the four sheets, and a first sheet that says how to fill them. */
  async exportXlsx(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Antre';
    const help = wb.addWorksheet('Petunjuk');
    for (const line of PETUNJUK) help.addRow([line]);
    help.getColumn(1).width = 110;
    for (const [name, rows] of Object.entries(this.tables()) as [MasterSheet, (string | number)[][]][]) {
      const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
      for (const r of rows) ws.addRow(r);
      ws.getRow(1).font = { bold: true };
      ws.columns.forEach((col, i) => {
        col.width = Math.min(40, Math.max(8, ...rows.map((r) => Math.max(...String(r[i] ?? '').split('\n').map((l) => l.length)) + 2)));
      });
      // Requirements and procedures are one line each in their cell: shown as lines, not one long run.
      if (name === 'Standar pelayanan') {
        ws.eachRow((r, n) => {
          if (n > 1) r.alignment = { wrapText: true, vertical: 'top' };
        });
      }
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}

/** The workbook's first sheet. */
const PETUNJUK = [
  'Data master Antre: Instansi, Zona, Layanan, Loket, Standar pelayanan. Isi atau ubah baris, lalu impor di tab Data master → Impor/Ekspor.',
  'Baris dicocokkan dengan kuncinya: Kode instansi, Nama zona, Kode layanan, Label loket. Baris yang tidak ada di berkas tidak diubah; tidak ada yang dihapus (Aktif = Tidak untuk menonaktifkan).',
  'Jam layanan: satu kolom per hari, misalnya "08:00-12:00, 13:00-15:00"; kosong = tutup.',
  'Perubahan nama atau prefiks layanan yang sudah mengeluarkan tiket hari ini berlaku mulai hari layanan berikutnya.',
  'Loket → Layanan: kode layanan dipisah koma, urutan = urutan prioritas.',
  'Layanan → Kata kunci: kata lain yang dicari warga di kios, dipisah koma (mis. "ktp, e-ktp, ktp-el"). Tanpa kolom ini, kata kunci tidak diubah.',
  'Standar pelayanan: satu baris per kode layanan. Persyaratan: satu persyaratan per baris di dalam sel (Alt+Enter), atau dipisah " | " pada satu baris. Prosedur: satu langkah per baris. Baris yang semua kolomnya kosong menghapus standar layanan itu.',
  'Petugas tidak termasuk berkas ini: PIN tidak boleh disimpan di lembar kerja. Tambahkan petugas di tab Petugas & audit.',
  'Berkas dengan kesalahan tidak diterapkan sama sekali; pratinjau menunjukkan setiap kesalahan.',
];
