/**
 * Every word the counter screen shows, in Bahasa Indonesia and in English (keys counter.*), and
 * the sentences its store says after an action (`said`), in both languages.
 * Registered by ../i18n.ts's addStrings from CounterApp, so only the counter's bundle carries them.
 *
 * The MPP's word for a service desk ("Gerai" or "Loket", the site setting `counterWord`) is
 * passed in as {{word}} (mid-sentence, lower case) and {{Word}} (first in a sentence); in English
 * it is "counter" whatever the site chose.
 */
import type { Message } from '../api/hub.js';

export const id = {
  counter: {
    chooseCounter: 'Pilih {{word}} untuk komputer ini',
    searchCounter: 'Cari {{word}}, instansi atau lantai',
    counterCount: '{{count}} {{word}}',
    noCounterFound: 'Tidak ada {{word}} yang cocok dengan pencarian.',
    changeCounter: 'Ganti {{word}}',
    changeNeedsSupervisor: 'Mengganti {{word}} memerlukan supervisor.',
    loginPrompt: 'Masuk untuk melayani di {{word}} ini',
    username: 'Nama pengguna',
    pin: 'PIN',
    login: 'Masuk',
    logout: 'Keluar',
    supervisorLogin: 'Masuk sebagai supervisor',
    cancel: 'Batal',
    // the states, one strong word each
    stateReady: 'Siap',
    stateCalled: 'Dipanggil',
    stateServing: 'Dilayani',
    statePaused: 'Istirahat',
    stateClosed: 'Tutup',
    stateFinishing: 'Selesai',
    stateNoShowing: 'Tidak hadir',
    readyNothingYet: 'Belum ada tiket dipanggil',
    readyNext: 'Berikutnya: {{number}} · {{service}}',
    readyNextPriority: 'Berikutnya: {{number}} · {{service}} · {{group}}',
    readyEmpty: 'Tidak ada yang menunggu',
    pausedReason: 'Alasan: {{reason}}',
    pausedHint: 'Tekan "Lanjut" untuk memanggil lagi.',
    closedHint: '{{Word}} ini ditutup (petugas keluar). Masuk kembali untuk membukanya.',
    loginAgain: 'Masuk kembali',
    holdNote: 'Dikirim dalam {{seconds}} detik',
    undo: 'Urungkan ({{seconds}})',
    // the buttons
    callNext: 'Panggil berikutnya',
    callNextEmpty: 'Tidak ada yang menunggu',
    recall: 'Panggil ulang',
    start: 'Mulai layanan',
    finish: 'Selesai',
    noShow: 'Tidak hadir',
    transfer: 'Alihkan',
    cancelTicket: 'Batalkan tiket',
    reprint: 'Cetak ulang',
    pause: 'Istirahat',
    resume: 'Lanjut',
    shortcut: 'Pintasan: {{key}}',
    // the held ticket
    waited: 'Menunggu {{time}}',
    serviceTime: 'Waktu layanan {{time}}',
    // the waiting list
    waitingTitle: 'Antrean {{word}} ini',
    waitingTotal: '{{count}} menunggu',
    waitingShown: '{{shown}} pertama dari {{total}}',
    waitingNone: 'Tidak ada yang menunggu.',
    waitingNext: 'berikutnya',
    waitingOverdue: 'lewat batas',
    minutes: '{{minutes}} mnt',
    call: 'Panggil',
    // beside
    waitingPerService: 'Per layanan',
    waitingCount: '{{count}} menunggu',
    longest: 'terlama {{minutes}} mnt',
    skipped: 'Tidak hadir (panggil kembali)',
    skippedNone: 'Tidak ada',
    callBack: 'Panggil',
    servedCounter: '{{Word}} ini hari ini: {{count}} dilayani, rata-rata {{avg}}',
    servedOfficer: 'Anda: {{count}} dilayani, rata-rata {{avg}}',
    // dialogs
    transferTitle: 'Alihkan {{number}} ke layanan',
    transferSearch: 'Cari layanan…',
    pauseTitle: 'Istirahat',
    pauseReasons: 'Istirahat|Salat|Rapat|Urusan kantor',
    numberKeys: 'Tekan angka untuk memilih.',
    cancelTitle: 'Batalkan tiket {{number}}',
    cancelReasons: 'Warga sudah pergi|Salah memilih layanan|Tiket ganda|Persyaratan belum lengkap',
    cancelOther: 'Alasan lain',
    cancelOtherSend: 'Batalkan dengan alasan ini',
    offline: 'Koneksi ke server antrean terputus. Tombol tidak dapat digunakan sampai tersambung kembali.',
  },
};

export const en: typeof id = {
  counter: {
    chooseCounter: 'Choose the {{word}} of this computer',
    searchCounter: 'Find a {{word}}, agency or floor',
    counterCount: '{{count}} counters',
    noCounterFound: 'No {{word}} matches the search.',
    changeCounter: 'Change {{word}}',
    changeNeedsSupervisor: 'Changing the {{word}} needs a supervisor.',
    loginPrompt: 'Log in to serve at this {{word}}',
    username: 'Username',
    pin: 'PIN',
    login: 'Log in',
    logout: 'Log out',
    supervisorLogin: 'Log in as supervisor',
    cancel: 'Cancel',
    stateReady: 'Ready',
    stateCalled: 'Called',
    stateServing: 'Serving',
    statePaused: 'On a break',
    stateClosed: 'Closed',
    stateFinishing: 'Finished',
    stateNoShowing: 'No-show',
    readyNothingYet: 'No ticket called yet',
    readyNext: 'Next: {{number}} · {{service}}',
    readyNextPriority: 'Next: {{number}} · {{service}} · {{group}}',
    readyEmpty: 'Nobody is waiting',
    pausedReason: 'Reason: {{reason}}',
    pausedHint: 'Press "Resume" to call again.',
    closedHint: 'This {{word}} was closed (the officer logged out). Log in again to open it.',
    loginAgain: 'Log in again',
    holdNote: 'Sent in {{seconds}} s',
    undo: 'Undo ({{seconds}})',
    callNext: 'Call next',
    callNextEmpty: 'Nobody is waiting',
    recall: 'Call again',
    start: 'Start service',
    finish: 'Finish',
    noShow: 'No-show',
    transfer: 'Transfer',
    cancelTicket: 'Cancel ticket',
    reprint: 'Reprint',
    pause: 'Break',
    resume: 'Resume',
    shortcut: 'Shortcut: {{key}}',
    waited: 'Waited {{time}}',
    serviceTime: 'Service time {{time}}',
    waitingTitle: 'Waiting for this {{word}}',
    waitingTotal: '{{count}} waiting',
    waitingShown: 'first {{shown}} of {{total}}',
    waitingNone: 'Nobody is waiting.',
    waitingNext: 'next',
    waitingOverdue: 'over the limit',
    minutes: '{{minutes}} min',
    call: 'Call',
    waitingPerService: 'Per service',
    waitingCount: '{{count}} waiting',
    longest: 'longest {{minutes}} min',
    skipped: 'No-shows (call back)',
    skippedNone: 'None',
    callBack: 'Call',
    servedCounter: 'This {{word}} today: {{count}} served, average {{avg}}',
    servedOfficer: 'You: {{count}} served, average {{avg}}',
    transferTitle: 'Transfer {{number}} to a service',
    transferSearch: 'Find a service…',
    pauseTitle: 'Break',
    pauseReasons: 'Break|Prayer|Meeting|Office errand',
    numberKeys: 'Press a number to choose.',
    cancelTitle: 'Cancel ticket {{number}}',
    cancelReasons: 'The citizen left|Wrong service chosen|Duplicate ticket|Requirements incomplete',
    cancelOther: 'Other reason',
    cancelOtherSend: 'Cancel with this reason',
    offline: 'The connection to the queue server is lost. The buttons work again once it is back.',
  },
};

/** The site's word in both languages: "Gerai"/"gerai" or "Loket"/"loket"; "Counter"/"counter" in English. */
export function wordOf(counterWord: string | undefined, lang: 'id' | 'en'): { Word: string; word: string } {
  if (lang === 'en') return { Word: 'Counter', word: 'counter' };
  const Word = counterWord ?? 'Gerai';
  return { Word, word: Word.toLowerCase() };
}

/**
 * The hub's refusals name a counter "Loket" (shared/errors.ts, one text for every site): on this
 * screen they say the site's word, like everything else.
 */
export function inSiteWord(text: Message, counterWord: string | undefined): Message {
  const Word = counterWord ?? 'Gerai';
  const word = Word.toLowerCase();
  return { id: text.id.replace(/\b(Loket|Gerai)\b/g, Word).replace(/\b(loket|gerai)\b/g, word), en: text.en };
}

/** What the screen says after an action, and when it refuses one by itself, in both languages. */
export const said = {
  called: (n: string): Message => ({ id: `${n} dipanggil`, en: `${n} called` }),
  recalled: (n: string): Message => ({ id: `${n} dipanggil ulang`, en: `${n} called again` }),
  started: (n: string): Message => ({ id: `Layanan ${n} dimulai`, en: `Serving ${n}` }),
  finished: (n: string): Message => ({ id: `${n} selesai`, en: `${n} finished` }),
  noShow: (n: string): Message => ({ id: `${n} tidak hadir`, en: `${n} did not come` }),
  transferred: (n: string, service: string): Message => ({ id: `${n} dialihkan ke ${service}`, en: `${n} transferred to ${service}` }),
  cancelled: (n: string): Message => ({ id: `${n} dibatalkan`, en: `${n} cancelled` }),
  paused: (reason: string): Message => ({ id: `Istirahat: ${reason}`, en: `On a break: ${reason}` }),
  resumed: (Word: string): Message => ({ id: `${Word} buka kembali`, en: 'Counter open again' }),
  reprinted: (n: string): Message => ({ id: `${n} dicetak ulang`, en: `${n} reprinted` }),
  reprintUnsure: (n: string): Message => ({
    id: `${n} dikirim ke printer, tetapi printer tidak memastikan tiket tercetak. Periksa printer kios.`,
    en: `${n} was sent to the printer, but it did not confirm the ticket printed. Check the kiosk printer.`,
  }),
  reprintFailed: (n: string): Message => ({
    id: `${n} gagal dicetak ulang. Periksa printer kios (kertas, kabel, daya).`,
    en: `${n} could not be reprinted. Check the kiosk printer (paper, cable, power).`,
  }),
  undone: (n: string, what: 'finish' | 'no-show'): Message =>
    what === 'finish' ? { id: `Selesai diurungkan: ${n} tetap di sini`, en: `Finish undone: ${n} stays here` } : { id: `Tidak hadir diurungkan: ${n} tetap di sini`, en: `No-show undone: ${n} stays here` },
  holding: (n: string, serving: boolean): Message =>
    serving
      ? { id: `${n} masih dilayani. Tekan S (selesai) atau A (alihkan) dulu, lalu panggil berikutnya.`, en: `${n} is still being served. Press S (finish) or A (transfer) first, then call next.` }
      : {
          id: `${n} masih dipanggil. Tekan S (selesai), T (tidak hadir) atau A (alihkan) dulu, lalu panggil berikutnya.`,
          en: `${n} is still called. Press S (finish), T (no-show) or A (transfer) first, then call next.`,
        },
  nothingWaiting: (word: string): Message => ({ id: `Tidak ada tiket yang menunggu untuk ${word} ini.`, en: 'No ticket is waiting for this counter.' }),
  onBreak: (Word: string): Message => ({ id: `${Word} sedang istirahat. Tekan "Lanjut" (L) untuk memanggil lagi.`, en: 'The counter is on a break. Press "Resume" (L) to call again.' }),
  notSent: { id: 'Koneksi ke server antrean terputus; tindakan tidak dikirim.', en: 'No connection to the queue server; nothing was sent.' } as Message,
  noAnswer: { id: 'Server antrean tidak menjawab.', en: 'The queue server does not answer.' } as Message,
  unsure: {
    id: 'Koneksi terputus saat tindakan dikirim. Tampilan diperbarui setelah tersambung; periksa sebelum menekan lagi.',
    en: 'The connection dropped while the action was sent. The screen refreshes once connected; check before pressing again.',
  } as Message,
  reconnected: { id: 'Tersambung kembali; tampilan sudah diperbarui.', en: 'Reconnected; the screen is up to date.' } as Message,
  needsSupervisor: (word: string): Message => ({ id: `Mengganti ${word} memerlukan supervisor.`, en: 'Changing the counter needs a supervisor.' }),
};
