/**
 * The complaints tab's words (key `complaints.*` of the admin namespace), in Bahasa Indonesia and
 * English, added when the tab's module loads.
 */
import { i18n } from '../../i18n.js';
import { ADMIN_NS } from '../i18n.js';

const id = {
  complaints: {
    heading: 'Pengaduan masyarakat',
    note: 'Pengaduan dari kios dan dari halaman tiket di ponsel. Kontak hanya tampil bila warga menyetujuinya, dan hanya untuk tindak lanjut. Ekspor untuk SP4N-LAPOR! ada di server pusat.',
    filter: 'Tampilkan',
    filters: { all: 'Semua', new: 'Baru', answered: 'Sudah dijawab' },
    refresh: 'Muat ulang',
    when: 'Tanggal',
    agency: 'Instansi',
    category: 'Kategori',
    text: 'Isi pengaduan',
    contact: 'Kontak',
    status: 'Status',
    statuses: { new: 'Baru', answered: 'Dijawab' },
    anonymous: 'Anonim',
    general: 'MPP (umum)',
    fromTicket: 'dari tiket {{ticket}}',
    fromKiosk: 'dari kios',
    reference: 'No. {{reference}}',
    answer: 'Jawaban',
    reply: 'Jawab',
    answerFor: 'Jawaban untuk pengaduan {{reference}}',
    answerPlaceholder: 'Tulis jawaban atau tindak lanjut…',
    send: 'Kirim jawaban',
    update: 'Perbarui jawaban',
    answered: 'Jawaban tersimpan.',
    answeredBy: 'Dijawab {{who}}, {{when}}',
    empty: 'Belum ada pengaduan.',
    newCount: '{{count}} pengaduan baru',
  },
};

const en: typeof id = {
  complaints: {
    heading: 'Citizen complaints',
    note: 'Complaints from the kiosk and from the ticket page on phones. A contact is shown only when the citizen consented, and only for the follow-up. The SP4N-LAPOR! export is on the central server.',
    filter: 'Show',
    filters: { all: 'All', new: 'New', answered: 'Answered' },
    refresh: 'Reload',
    when: 'Date',
    agency: 'Agency',
    category: 'Category',
    text: 'Complaint',
    contact: 'Contact',
    status: 'Status',
    statuses: { new: 'New', answered: 'Answered' },
    anonymous: 'Anonymous',
    general: 'MPP (general)',
    fromTicket: 'from ticket {{ticket}}',
    fromKiosk: 'from the kiosk',
    reference: 'No. {{reference}}',
    answer: 'Answer',
    reply: 'Answer',
    answerFor: 'Answer to complaint {{reference}}',
    answerPlaceholder: 'Write the answer or the follow-up…',
    send: 'Send answer',
    update: 'Update answer',
    answered: 'Answer saved.',
    answeredBy: 'Answered by {{who}}, {{when}}',
    empty: 'No complaints yet.',
    newCount: '{{count}} new complaints',
  },
};

i18n.addResourceBundle('id', ADMIN_NS, id, true, true);
i18n.addResourceBundle('en', ADMIN_NS, en, true, true);
