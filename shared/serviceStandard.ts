/**
 * A service's *standar pelayanan* (UU 25/2009 art. 21; Permenpan RB 15/2014): what a citizen must
 * bring, how the service goes, how long it takes, what it costs, what they get, on which legal
 * basis, and where to complain. Edited per service in the admin (Data master → Layanan) and in the
 * master-data workbook; shown on the kiosk before "Ambil tiket" so nobody waits an hour to learn a
 * document is missing; printed as a short checklist on the ticket when the site wants it
 * (`kiosk.printRequirements`); published on the hub's public page (/standar) and, through sync,
 * on the central server's public page of the MPP.
 */
import { z } from 'zod';

const line = (max: number) => z.string().trim().max(max);

export const REQUIREMENTS_MAX = 30;

export const ServiceStandard = z.strictObject({
  /** persyaratan: one document or condition per item, as a checklist ("KTP asli", "Kartu Keluarga") */
  requirements: z.array(z.string().trim().min(1).max(200)).max(REQUIREMENTS_MAX),
  /** sistem, mekanisme dan prosedur: the steps, one per line */
  procedure: line(2000),
  /** jangka waktu penyelesaian: "1 hari kerja", "Selesai di tempat" */
  completionTime: line(200),
  /** biaya/tarif: "Gratis", "Rp 30.000 (PNBP)"; '' when not stated */
  fee: line(200),
  /** produk pelayanan: "KTP-el", "SKCK" */
  product: line(300),
  /** dasar hukum */
  legalBasis: line(1000),
  /** penanganan pengaduan, saran dan masukan: where to complain (a phone, a desk, SP4N-LAPOR!) */
  complaintContact: line(300),
});
export type ServiceStandard = z.infer<typeof ServiceStandard>;

export const EMPTY_STANDARD: ServiceStandard = { requirements: [], procedure: '', completionTime: '', fee: '', product: '', legalBasis: '', complaintContact: '' };

/** Whether an admin wrote anything of the standard (an empty one is not shown or published). */
export const hasStandard = (s: ServiceStandard | null | undefined): s is ServiceStandard =>
  !!s && (s.requirements.length > 0 || [s.procedure, s.completionTime, s.fee, s.product, s.legalBasis, s.complaintContact].some((v) => v !== ''));

/** What the kiosk's catalogue carries of a standard: what a citizen checks before taking a ticket. */
export const StandardSummary = z.object({
  requirements: z.array(z.string()),
  completionTime: z.string(),
  fee: z.string(),
});
export type StandardSummary = z.infer<typeof StandardSummary>;

/** A published standard, with the names it is read under (the hub's and the central's public pages). */
export const PublishedStandard = z.object({
  serviceId: z.number().int().positive(),
  serviceName: z.string(),
  agencyId: z.number().int().positive(),
  agencyName: z.string(),
  standard: ServiceStandard,
});
export type PublishedStandard = z.infer<typeof PublishedStandard>;
