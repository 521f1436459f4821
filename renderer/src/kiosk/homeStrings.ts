/**
 * The words of the kiosk's first two screens and its search (key kioskHome.*), in Bahasa Indonesia
 * and in English. Registered by Home.tsx with ../i18n.ts's addStrings, like ./strings.ts.
 */
export const id = {
  kioskHome: {
    search: 'Cari layanan',
    searchExamples: 'mis. KTP, SKCK, paspor',
    searchField: 'Kata yang dicari',
    searchHint: 'Ketik nama layanan atau instansi dengan papan ketik di bawah.',
    searchBack: 'Kembali',
    results: '{{count}} layanan ditemukan',
    noResults: 'Tidak ada layanan untuk “{{query}}”. Coba kata lain, atau kembali dan pilih instansi.',
    clear: 'Hapus',
    backspace: 'Hapus satu huruf',
    space: 'spasi',
    keyboard: 'Papan ketik',
    popular: 'Layanan populer',
    letters: 'Saring menurut huruf awal',
    all: 'Semua',
    /** {{word}}: the site's word for a desk in lower case (gerai, loket) */
    noCounterOpen: 'Belum ada {{word}} yang buka',
    waitingNone: 'Belum ada yang menunggu',
    waiting: '{{count}} orang menunggu',
    estimate: '± {{minutes}} menit',
    closed: 'Tutup',
    open: 'Buka',
  },
};

export const en: typeof id = {
  kioskHome: {
    search: 'Find a service',
    searchExamples: 'e.g. KTP, SKCK, passport',
    searchField: 'Search words',
    searchHint: 'Type a service or agency name on the keyboard below.',
    searchBack: 'Back',
    results: '{{count}} services found',
    noResults: 'No service for “{{query}}”. Try another word, or go back and choose an agency.',
    clear: 'Clear',
    backspace: 'Delete one letter',
    space: 'space',
    keyboard: 'Keyboard',
    popular: 'Popular services',
    letters: 'Filter by first letter',
    all: 'All',
    noCounterOpen: 'No counter open yet',
    waitingNone: 'No one waiting yet',
    waiting: '{{count}} waiting',
    estimate: '± {{minutes}} min',
    closed: 'Closed',
    open: 'Open',
  },
};
