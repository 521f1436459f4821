/**
 * The booking tab's words (key `bookings.*` of the admin namespace), in Bahasa Indonesia and
 * English, added when the tab's module loads.
 */
import { i18n } from '../../i18n.js';
import { ADMIN_NS } from '../i18n.js';

const id = {
  bookings: {
    heading: 'Booking daring',
    note: 'Booking dibuat warga di halaman booking server pusat dan ditarik hub ini. Yang sudah ditarik tetap dilayani walau internet putus.',
    date: 'Tanggal',
    show: 'Tampilkan',
    feed: 'Penarikan booking dari server pusat',
    feedOff: 'Hub ini tidak tersambung ke server pusat: tidak ada booking yang ditarik.',
    feedOk: 'Terakhir berhasil {{when}} · sampai entri {{cursor}}',
    feedNever: 'Belum pernah berhasil ditarik.',
    feedError: 'Gagal {{count}} kali: {{error}}',
    code: 'Kode',
    service: 'Layanan',
    slot: 'Jam',
    status: 'Status',
    ticket: 'Tiket',
    conflict: 'Catatan',
    phone: 'Nomor HP',
    dayClosed: 'Hari itu ditutup setelah booking dibuat: kabari warga. Saat hari itu ditutup, booking dibatalkan (bukan tidak hadir).',
    statuses: { booked: 'Dipesan', cancelled: 'Dibatalkan', checked_in: 'Sudah check-in', no_show: 'Tidak hadir' },
    conflicts: {
      cancelled_after_check_in: 'Dibatalkan setelah check-in (tidak diterapkan)',
      service_unavailable: 'Layanan tidak lagi menerima booking: dilayani sebagai antrean biasa',
      unknown_code: 'Pembatalan untuk kode yang tidak dikenal',
    },
    none: 'Tidak ada booking pada tanggal ini.',
    report: 'Laporan booking',
    from: 'Dari',
    to: 'Sampai',
    made: 'Dibuat',
    cancelled: 'Batal',
    checkedIn: 'Check-in',
    onTime: 'Tepat waktu',
    noShows: 'Tidak hadir',
    waitBooked: 'Rata-rata tunggu booking (menit)',
    waitWalkIn: 'Rata-rata tunggu tanpa booking (menit)',
    reportNone: 'Tidak ada booking pada rentang ini.',
  },
};

const en: typeof id = {
  bookings: {
    heading: 'Online booking',
    note: "Bookings are made by citizens on the central server's booking page and pulled by this hub. Those pulled are honoured even with no internet.",
    date: 'Date',
    show: 'Show',
    feed: 'Pulling bookings from the central server',
    feedOff: 'This hub is not connected to a central server: no bookings are pulled.',
    feedOk: 'Last pulled {{when}} · up to entry {{cursor}}',
    feedNever: 'Never pulled yet.',
    feedError: 'Failed {{count}} time(s): {{error}}',
    code: 'Code',
    service: 'Service',
    slot: 'Slot',
    status: 'Status',
    ticket: 'Ticket',
    conflict: 'Note',
    phone: 'Phone',
    dayClosed: 'This day was closed after the booking was made: let the citizen know. When the day is settled the booking is cancelled (not a no-show).',
    statuses: { booked: 'Booked', cancelled: 'Cancelled', checked_in: 'Checked in', no_show: 'No-show' },
    conflicts: {
      cancelled_after_check_in: 'Cancelled after check-in (not applied)',
      service_unavailable: 'The service no longer takes bookings: served as a walk-in',
      unknown_code: 'A cancellation for an unknown code',
    },
    none: 'No bookings on this date.',
    report: 'Booking report',
    from: 'From',
    to: 'To',
    made: 'Made',
    cancelled: 'Cancelled',
    checkedIn: 'Checked in',
    onTime: 'On time',
    noShows: 'No-shows',
    waitBooked: 'Average wait, booked (min)',
    waitWalkIn: 'Average wait, walk-in (min)',
    reportNone: 'No bookings in this range.',
  },
};

i18n.addResourceBundle('id', ADMIN_NS, id, true, true);
i18n.addResourceBundle('en', ADMIN_NS, en, true, true);
