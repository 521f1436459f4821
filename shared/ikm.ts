/**
 * Indeks Kepuasan Masyarakat (IKM) as Permenpan RB 14/2017 defines it: nine elements, each answered
 * on a 4-point scale (1 the worst of its four answers … 4 the best; IKM_QUESTIONS has them). Per element the average answer is its NRR; each
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

/** A text in both languages. */
export interface IkmText {
  id: string;
  en: string;
}

/**
 * The questionnaire of Permenpan RB 14/2017 (its annex's sample kuesioner): one question per
 * element, each with its own four answers, scored 1 (the first) to 4 (the last). The annex's sample
 * asks about sarana before pengaduan; here the questions keep the elements' order (U1–U9 above), so
 * question n is element Un in every report.
 */
export const IKM_QUESTIONS: Record<IkmElement, { question: IkmText; answers: readonly [IkmText, IkmText, IkmText, IkmText] }> = {
  persyaratan: {
    question: {
      id: 'Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?',
      en: 'How well do the requirements fit the kind of service?',
    },
    answers: [
      { id: 'Tidak sesuai', en: 'Not suitable' },
      { id: 'Kurang sesuai', en: 'Somewhat unsuitable' },
      { id: 'Sesuai', en: 'Suitable' },
      { id: 'Sangat sesuai', en: 'Very suitable' },
    ],
  },
  prosedur: {
    question: {
      id: 'Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?',
      en: 'How easy is the service procedure here?',
    },
    answers: [
      { id: 'Tidak mudah', en: 'Not easy' },
      { id: 'Kurang mudah', en: 'Not very easy' },
      { id: 'Mudah', en: 'Easy' },
      { id: 'Sangat mudah', en: 'Very easy' },
    ],
  },
  waktu: {
    question: {
      id: 'Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?',
      en: 'How fast was the service?',
    },
    answers: [
      { id: 'Tidak cepat', en: 'Not fast' },
      { id: 'Kurang cepat', en: 'Not very fast' },
      { id: 'Cepat', en: 'Fast' },
      { id: 'Sangat cepat', en: 'Very fast' },
    ],
  },
  biaya: {
    question: {
      id: 'Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?',
      en: 'How fair is the cost or fee of the service?',
    },
    answers: [
      { id: 'Sangat mahal', en: 'Very expensive' },
      { id: 'Cukup mahal', en: 'Rather expensive' },
      { id: 'Murah', en: 'Cheap' },
      { id: 'Gratis', en: 'Free' },
    ],
  },
  produk: {
    question: {
      id: 'Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?',
      en: 'How well does what you received match what the service standard promises?',
    },
    answers: [
      { id: 'Tidak sesuai', en: 'Does not match' },
      { id: 'Kurang sesuai', en: 'Partly matches' },
      { id: 'Sesuai', en: 'Matches' },
      { id: 'Sangat sesuai', en: 'Fully matches' },
    ],
  },
  kompetensi: {
    question: {
      id: 'Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?',
      en: 'How competent were the staff who served you?',
    },
    answers: [
      { id: 'Tidak kompeten', en: 'Not competent' },
      { id: 'Kurang kompeten', en: 'Somewhat competent' },
      { id: 'Kompeten', en: 'Competent' },
      { id: 'Sangat kompeten', en: 'Very competent' },
    ],
  },
  perilaku: {
    question: {
      id: 'Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?',
      en: 'How polite and friendly were the staff?',
    },
    answers: [
      { id: 'Tidak sopan dan ramah', en: 'Not polite and friendly' },
      { id: 'Kurang sopan dan ramah', en: 'Somewhat polite and friendly' },
      { id: 'Sopan dan ramah', en: 'Polite and friendly' },
      { id: 'Sangat sopan dan ramah', en: 'Very polite and friendly' },
    ],
  },
  pengaduan: {
    question: {
      id: 'Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?',
      en: 'How are complaints from service users handled?',
    },
    answers: [
      { id: 'Tidak ada', en: 'There is no way to complain' },
      { id: 'Ada tetapi tidak berfungsi', en: 'There is one, but it does not work' },
      { id: 'Berfungsi kurang maksimal', en: 'It works, but not fully' },
      { id: 'Dikelola dengan baik', en: 'Well managed' },
    ],
  },
  sarana: {
    question: {
      id: 'Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?',
      en: 'How good are the facilities?',
    },
    answers: [
      { id: 'Buruk', en: 'Poor' },
      { id: 'Cukup', en: 'Fair' },
      { id: 'Baik', en: 'Good' },
      { id: 'Sangat baik', en: 'Very good' },
    ],
  },
};

/** The short form's one overall answer (1–4). */
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
