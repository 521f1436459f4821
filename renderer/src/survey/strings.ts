/**
 * Every word the survey page shows, in Bahasa Indonesia and in English. The questions and their
 * answers are the regulation's (shared/ikm.ts IKM_QUESTIONS), the profile's choices are in
 * shared/survey.ts PROFILE_OPTIONS; both carry their own two languages.
 */
import type { SurveyRefusal } from '../../../shared/survey.js';

export type Lang = 'id' | 'en';

const id = {
  title: 'Survei Kepuasan Masyarakat',
  language: 'English',
  languageLabel: 'Ganti bahasa ke English',
  cancel: 'Batal',
  back: 'Kembali',
  waiting: 'Survei akan muncul di sini setelah layanan Anda selesai.',
  waitingHint: 'Penilaian Anda membantu kami memperbaiki pelayanan.',
  ticket: 'Tiket {{number}}',
  findTitle: 'Nilai layanan yang Anda terima',
  scanHint: 'Pindai kode QR pada tiket Anda di pemindai',
  typeHint: 'atau ketik nomor antrean pada tiket:',
  numberLabel: 'Nomor antrean',
  numberPlaceholder: 'A-012',
  erase: 'Hapus',
  eraseAll: 'Hapus semua',
  start: 'Mulai survei',
  searching: 'Mencari tiket…',
  camera: 'Pindai dengan kamera',
  cameraStop: 'Tutup kamera',
  cameraHint: 'Arahkan kode QR pada tiket ke kamera.',
  cameraFailed: 'Kamera tidak dapat dibuka. Silakan ketik nomor antrean Anda.',
  question: 'Pertanyaan {{n}} dari {{total}}',
  previous: 'Sebelumnya',
  profileTitle: 'Tentang Anda (boleh dilewati)',
  profileHint: 'Jawaban ini hanya untuk statistik dan tidak terkait dengan nama Anda.',
  profileOf: { gender: 'Jenis kelamin', age: 'Usia', education: 'Pendidikan terakhir', occupation: 'Pekerjaan' },
  skip: 'Lewati',
  next: 'Lanjut',
  suggestionTitle: 'Saran untuk kami (boleh dikosongkan)',
  suggestionLabel: 'Saran',
  suggestionCount: '{{count}}/{{max}} huruf',
  send: 'Kirim penilaian',
  sending: 'Mengirim…',
  shortQuestion: 'Bagaimana layanan yang Anda terima?',
  thanks: 'Terima kasih atas penilaian Anda!',
  thanksHint: 'Semoga hari Anda menyenangkan.',
  notFound: 'Nomor antrean itu tidak ditemukan hari ini. Periksa lagi nomor pada tiket Anda.',
  hubDown: 'Server antrean tidak menjawab. Silakan coba lagi sebentar lagi.',
  refusal: {
    not_finished: 'Tiket {{number}} belum selesai dilayani. Survei dapat diisi setelah layanan selesai.',
    other_day: 'Tiket {{number}} bukan tiket hari ini. Survei hanya untuk layanan hari ini.',
    answered: 'Survei untuk tiket {{number}} sudah diisi. Terima kasih.',
    too_old: 'Nomor yang diketik hanya berlaku 2 jam setelah layanan selesai. Silakan pindai kode QR pada tiket {{number}}.',
  } satisfies Record<SurveyRefusal, string>,
  keyboard: { space: 'Spasi', shift: 'Huruf besar', erase: 'Hapus' },
};

type Strings = typeof id;

const en: Strings = {
  title: 'Public Satisfaction Survey',
  language: 'Bahasa Indonesia',
  languageLabel: 'Switch the language to Bahasa Indonesia',
  cancel: 'Cancel',
  back: 'Back',
  waiting: 'The survey will appear here once your service is finished.',
  waitingHint: 'Your rating helps us improve our service.',
  ticket: 'Ticket {{number}}',
  findTitle: 'Rate the service you received',
  scanHint: 'Scan the QR code on your ticket at the scanner',
  typeHint: 'or type the queue number on your ticket:',
  numberLabel: 'Queue number',
  numberPlaceholder: 'A-012',
  erase: 'Delete',
  eraseAll: 'Clear',
  start: 'Start the survey',
  searching: 'Looking for the ticket…',
  camera: 'Scan with the camera',
  cameraStop: 'Close the camera',
  cameraHint: 'Hold the QR code on your ticket up to the camera.',
  cameraFailed: 'The camera could not be opened. Please type your queue number.',
  question: 'Question {{n}} of {{total}}',
  previous: 'Previous',
  profileTitle: 'About you (optional)',
  profileHint: 'Only for statistics; it is not linked to your name.',
  profileOf: { gender: 'Gender', age: 'Age', education: 'Education', occupation: 'Occupation' },
  skip: 'Skip',
  next: 'Next',
  suggestionTitle: 'Your suggestions (optional)',
  suggestionLabel: 'Suggestion',
  suggestionCount: '{{count}}/{{max}} characters',
  send: 'Send my rating',
  sending: 'Sending…',
  shortQuestion: 'How was the service you received?',
  thanks: 'Thank you for your rating!',
  thanksHint: 'Have a pleasant day.',
  notFound: 'That queue number was not found today. Please check the number on your ticket.',
  hubDown: 'The queue server does not answer. Please try again in a moment.',
  refusal: {
    not_finished: 'Ticket {{number}} has not been served yet. The survey opens once the service is finished.',
    other_day: 'Ticket {{number}} is not from today. The survey is for today’s services.',
    answered: 'The survey for ticket {{number}} was already answered. Thank you.',
    too_old: 'A typed number works for 2 hours after the service. Please scan the QR code on ticket {{number}}.',
  },
  keyboard: { space: 'Space', shift: 'Capitals', erase: 'Delete' },
};

export const STRINGS: Record<Lang, Strings> = { id, en };

/** A string with its {{placeholders}} filled in. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));
}
