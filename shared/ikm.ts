/**
 * Indeks Kepuasan Masyarakat (IKM) as Permenpan RB 14/2017 defines it: nine elements, each answered
 * on a 4-point scale (1 tidak baik … 4 sangat baik). Per element the average answer is its NRR; each
 * weighs 1/9 (the regulation's 0.111 is 1/9 rounded); their weighted sum is the IKM (1–4), shown
 * converted to 25–100 (× 25) with its grade:
 *
 *   A Sangat Baik 88.31–100 · B Baik 76.61–88.30 · C Kurang Baik 65.00–76.60 · D Tidak Baik 25.00–64.99
 */
export const IKM_ELEMENTS = [
  { code: 'persyaratan', id: 'Persyaratan', en: 'Requirements' },
  { code: 'prosedur', id: 'Sistem, mekanisme, dan prosedur', en: 'System, mechanism and procedure' },
  { code: 'waktu', id: 'Waktu penyelesaian', en: 'Completion time' },
  { code: 'biaya', id: 'Biaya/tarif', en: 'Cost/fee' },
  { code: 'produk', id: 'Produk spesifikasi jenis pelayanan', en: 'Service product' },
  { code: 'kompetensi', id: 'Kompetensi pelaksana', en: 'Staff competence' },
  { code: 'perilaku', id: 'Perilaku pelaksana', en: 'Staff behaviour' },
  { code: 'pengaduan', id: 'Penanganan pengaduan, saran dan masukan', en: 'Handling of complaints and suggestions' },
  { code: 'sarana', id: 'Sarana dan prasarana', en: 'Facilities' },
] as const;
export type IkmElement = (typeof IKM_ELEMENTS)[number]['code'];

/** The regulation's unsur numbers: U1 Persyaratan … U9 Sarana dan prasarana, in IKM_ELEMENTS' order. */
export const ikmElementNumber = (code: IkmElement): string => `U${IKM_ELEMENTS.findIndex((e) => e.code === code) + 1}`;

/**
 * The interval table of Permenpan RB 14/2017 (Nilai Persepsi, Nilai Interval, Nilai Interval
 * Konversi, Mutu Pelayanan, Kinerja Unit Pelayanan), as its reports print it.
 */
export const IKM_INTERVALS = [
  { perception: 1, interval: '1,00 – 2,5996', converted: '25,00 – 64,99', grade: 'D', id: 'Tidak Baik', en: 'Poor' },
  { perception: 2, interval: '2,60 – 3,064', converted: '65,00 – 76,60', grade: 'C', id: 'Kurang Baik', en: 'Fair' },
  { perception: 3, interval: '3,0644 – 3,532', converted: '76,61 – 88,30', grade: 'B', id: 'Baik', en: 'Good' },
  { perception: 4, interval: '3,5324 – 4,00', converted: '88,31 – 100,00', grade: 'A', id: 'Sangat Baik', en: 'Very good' },
] as const;

export const IKM_SCALE = [
  { value: 1, id: 'Tidak baik', en: 'Poor' },
  { value: 2, id: 'Kurang baik', en: 'Fair' },
  { value: 3, id: 'Baik', en: 'Good' },
  { value: 4, id: 'Sangat baik', en: 'Very good' },
] as const;

export type IkmAnswers = Partial<Record<IkmElement, 1 | 2 | 3 | 4>>;

export interface IkmResult {
  respondents: number;
  /** NRR per element (average answer, 1–4), null when nobody answered it */
  nrr: Record<IkmElement, number | null>;
  /** 1–4 */
  ikm: number | null;
  /** 25–100 */
  converted: number | null;
  grade: 'A' | 'B' | 'C' | 'D' | null;
  gradeName: string | null;
}

export function ikmGrade(converted: number): { grade: 'A' | 'B' | 'C' | 'D'; name: string } {
  // The regulation's intervals, on the converted value rounded to two decimals.
  const v = Math.round(converted * 100) / 100;
  if (v >= 88.31) return { grade: 'A', name: 'Sangat Baik' };
  if (v >= 76.61) return { grade: 'B', name: 'Baik' };
  if (v >= 65.0) return { grade: 'C', name: 'Kurang Baik' };
  return { grade: 'D', name: 'Tidak Baik' };
}

/**
 * The IKM of a set of responses. A short-form response (one overall answer) counts as the same
 * answer for every element, so short and full forms add up on one scale.
 */
export function computeIkm(responses: readonly IkmAnswers[]): IkmResult {
  const nrr = {} as Record<IkmElement, number | null>;
  for (const { code } of IKM_ELEMENTS) {
    const answers = responses.map((r) => r[code]).filter((v): v is 1 | 2 | 3 | 4 => v !== undefined);
    nrr[code] = answers.length ? answers.reduce((a, b) => a + b, 0) / answers.length : null;
  }
  const values = Object.values(nrr).filter((v): v is number => v !== null);
  if (values.length === 0) return { respondents: responses.length, nrr, ikm: null, converted: null, grade: null, gradeName: null };
  // Equal weights over the elements answered (1/9 each when all nine are).
  const ikm = values.reduce((a, b) => a + b, 0) / values.length;
  const converted = ikm * 25;
  const g = ikmGrade(converted);
  return { respondents: responses.length, nrr, ikm, converted, grade: g.grade, gradeName: g.name };
}

/** One tap of the short form, as the nine answers it stands for. */
export function shortFormAnswers(value: 1 | 2 | 3 | 4): IkmAnswers {
  return Object.fromEntries(IKM_ELEMENTS.map((e) => [e.code, value])) as IkmAnswers;
}
