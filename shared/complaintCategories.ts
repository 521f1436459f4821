/**
 * The complaint categories and text limits without zod: the phone page's bundle imports them
 * (renderer/src/phone, kept small for old phones on a busy Wi-Fi). complaints.ts re-exports them.
 */
/** The categories, close to SP4N-LAPOR!'s own for public services. */
export const COMPLAINT_CATEGORIES = ['waktu_tunggu', 'petugas', 'persyaratan', 'biaya', 'pungli', 'sarana', 'sistem', 'lainnya'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const COMPLAINT_CATEGORY_LABELS: Record<ComplaintCategory, { id: string; en: string }> = {
  waktu_tunggu: { id: 'Waktu tunggu / antrean', en: 'Waiting time / queue' },
  petugas: { id: 'Sikap atau perilaku petugas', en: 'Officer conduct' },
  persyaratan: { id: 'Persyaratan tidak jelas', en: 'Unclear requirements' },
  biaya: { id: 'Biaya / tarif', en: 'Fees' },
  pungli: { id: 'Pungutan liar / calo', en: 'Illegal fees / brokers' },
  sarana: { id: 'Sarana dan prasarana', en: 'Facilities' },
  sistem: { id: 'Sistem / aplikasi', en: 'System / application' },
  lainnya: { id: 'Lainnya', en: 'Other' },
};

export const COMPLAINT_TEXT_MIN = 10;
export const COMPLAINT_TEXT_MAX = 2000;
