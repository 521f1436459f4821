/**
 * Every refusal the hub can answer, with a stable code, an HTTP status and a message in
 * Bahasa Indonesia and English. Screens show `message.id` (or `.en` with the toggle);
 * programs match on `code`.
 */

export interface ErrorMessage {
  id: string;
  en: string;
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: ErrorMessage;
    details?: unknown;
  };
}

export const ERRORS = {
  VALIDATION_FAILED: {
    status: 400,
    id: 'Data yang dikirim tidak valid.',
    en: 'The request data is not valid.',
  },
  BAD_JSON: {
    status: 400,
    id: 'Isi permintaan bukan JSON yang benar.',
    en: 'The request body is not valid JSON.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    id: 'Jenis isi permintaan tidak didukung; gunakan application/json.',
    en: 'Unsupported content type; use application/json.',
  },
  BAD_URL: {
    status: 400,
    id: 'Alamat permintaan tidak valid.',
    en: 'The request URL is not valid.',
  },
  URL_TOO_LONG: {
    status: 414,
    id: 'Alamat permintaan terlalu panjang.',
    en: 'The request URL is too long.',
  },
  BODY_TOO_LARGE: {
    status: 413,
    id: 'Isi permintaan terlalu besar.',
    en: 'The request body is too large.',
  },
  RATE_LIMITED: {
    status: 429,
    id: 'Terlalu banyak permintaan. Silakan coba lagi sebentar lagi.',
    en: 'Too many requests. Please try again shortly.',
  },
  NOT_FOUND: {
    status: 404,
    id: 'Alamat tidak ditemukan.',
    en: 'Not found.',
  },
  UNAUTHENTICATED: {
    status: 401,
    id: 'Perangkat belum terdaftar atau token tidak valid.',
    en: 'This device is not paired or its token is not valid.',
  },
  DEVICE_REVOKED: {
    status: 401,
    id: 'Perangkat ini sudah dicabut aksesnya.',
    en: 'This device has been revoked.',
  },
  FORBIDDEN_ROLE: {
    status: 403,
    id: 'Perangkat ini tidak berwenang melakukan tindakan tersebut.',
    en: 'This device is not allowed to do that.',
  },
  SESSION_REQUIRED: {
    status: 401,
    id: 'Petugas harus masuk terlebih dahulu.',
    en: 'An officer must log in first.',
  },
  SESSION_EXPIRED: {
    status: 401,
    id: 'Sesi petugas sudah berakhir. Silakan masuk kembali.',
    en: 'The officer session has ended. Please log in again.',
  },
  AGENCY_SCOPE: {
    status: 403,
    id: 'Anda hanya dapat melihat dan mengelola instansi Anda sendiri.',
    en: 'You can see and manage only your own agency.',
  },
  OFFICER_ROLE_REQUIRED: {
    status: 403,
    id: 'Tindakan ini memerlukan supervisor atau admin.',
    en: 'This action needs a supervisor or an admin.',
  },
  LOGIN_FAILED: {
    status: 401,
    id: 'Nama pengguna atau PIN salah.',
    en: 'Wrong username or PIN.',
  },
  LOGIN_LOCKED: {
    status: 429,
    id: 'Terlalu banyak percobaan masuk. Coba lagi dalam beberapa menit.',
    en: 'Too many login attempts. Try again in a few minutes.',
  },
  PAIRING_CODE_INVALID: {
    status: 401,
    id: 'Kode pemasangan salah atau sudah kedaluwarsa.',
    en: 'The pairing code is wrong or has expired.',
  },
  SERVICE_NOT_FOUND: {
    status: 404,
    id: 'Layanan tidak ditemukan.',
    en: 'Service not found.',
  },
  COUNTER_NOT_FOUND: {
    status: 404,
    id: 'Loket tidak ditemukan.',
    en: 'Counter not found.',
  },
  TICKET_NOT_FOUND: {
    status: 404,
    id: 'Tiket tidak ditemukan.',
    en: 'Ticket not found.',
  },
  DEVICE_NOT_FOUND: {
    status: 404,
    id: 'Perangkat tidak ditemukan.',
    en: 'Device not found.',
  },
  PRIORITY_GROUP_UNKNOWN: {
    status: 400,
    id: 'Kelompok prioritas tidak dikenal.',
    en: 'Unknown priority group.',
  },
  SERVICE_INACTIVE: {
    status: 409,
    id: 'Layanan ini sedang tidak tersedia.',
    en: 'This service is not available.',
  },
  SERVICE_CLOSED: {
    status: 409,
    id: 'Layanan ini sedang tutup.',
    en: 'This service is closed now.',
  },
  NO_COUNTER_OPEN: {
    status: 409,
    id: 'Belum ada petugas yang membuka layanan ini. Silakan ambil tiket setelah layanan dibuka.',
    en: 'No counter is open for this service yet. Please take a ticket once it opens.',
  },
  SITE_BREAK_NOT_FOUND: {
    status: 404,
    id: 'Jam istirahat itu tidak ditemukan.',
    en: 'That break was not found.',
  },
  CLOSURE_NOT_FOUND: {
    status: 404,
    id: 'Libur atau penutupan itu tidak ditemukan atau sudah dibatalkan.',
    en: 'That holiday or closure was not found or has been undone.',
  },
  PAUSE_NOT_FOUND: {
    status: 404,
    id: 'Jeda layanan itu tidak ditemukan.',
    en: 'That pause was not found.',
  },
  PAUSE_OVER: {
    status: 409,
    id: 'Jeda layanan itu sudah berakhir.',
    en: 'That pause has already ended.',
  },
  QUOTA_EXHAUSTED: {
    status: 409,
    id: 'Kuota antrean layanan ini untuk hari ini sudah habis.',
    en: "Today's quota for this service is used up.",
  },
  DAY_CLOSED: {
    status: 409,
    id: 'Antrean hari ini sudah ditutup.',
    en: "Today's queue has been closed.",
  },
  // Booking check-in at the kiosk (issue 23, docs/BOOKING.md).
  BOOKING_CODE_INVALID: {
    status: 400,
    id: 'Kode booking tidak dikenali. Kode terdiri atas 6 huruf/angka, misalnya K7M3QX.',
    en: 'This is not a booking code. A code has 6 letters or digits, e.g. K7M3QX.',
  },
  BOOKING_ALREADY_CHECKED_IN: {
    status: 409,
    id: 'Booking ini sudah check-in dan sudah mendapat nomor antrean.',
    en: 'This booking has already checked in and has a ticket.',
  },
  BOOKING_CANCELLED: {
    status: 409,
    id: 'Booking ini sudah dibatalkan. Silakan ambil antrean biasa.',
    en: 'This booking was cancelled. Please take an ordinary ticket.',
  },
  BOOKING_TOO_EARLY: {
    status: 409,
    id: 'Check-in dibuka 30 menit sebelum jadwal booking Anda. Silakan kembali nanti.',
    en: 'Check-in opens 30 minutes before your booked time. Please come back later.',
  },
  BOOKING_NOT_RECEIVED: {
    status: 409,
    id: 'Booking Anda belum diterima server gedung; Anda dilayani sebagai antrean biasa. Silakan pilih layanan.',
    en: 'This building has not received your booking yet; you are served as an ordinary ticket. Please choose the service.',
  },
  BOOKING_SERVICE_UNAVAILABLE: {
    status: 409,
    id: 'Layanan booking Anda tidak tersedia hari ini; Anda dilayani sebagai antrean biasa. Silakan pilih layanan.',
    en: 'The service you booked is not available today; you are served as an ordinary ticket. Please choose the service.',
  },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    id: 'ID permintaan ini sudah dipakai untuk permintaan lain.',
    en: 'This request id was already used for a different request.',
  },
  NO_TICKET_WAITING: {
    status: 409,
    id: 'Tidak ada antrean yang menunggu.',
    en: 'No one is waiting.',
  },
  COUNTER_BUSY: {
    status: 409,
    id: 'Selesaikan atau tandai tidak hadir tiket yang sedang dilayani terlebih dahulu.',
    en: 'Finish the current ticket or mark it as no-show first.',
  },
  COUNTER_PAUSED: {
    status: 409,
    id: 'Loket sedang istirahat. Tekan Lanjut untuk memanggil lagi.',
    en: 'The counter is on a break. Press Resume to call again.',
  },
  COUNTER_NOT_PAUSED: {
    status: 409,
    id: 'Loket tidak sedang istirahat.',
    en: 'The counter is not on a break.',
  },
  NO_CURRENT_TICKET: {
    status: 409,
    id: 'Loket ini tidak sedang memegang tiket.',
    en: 'This counter holds no ticket.',
  },
  TICKET_WRONG_STATE: {
    status: 409,
    id: 'Tiket tidak dalam keadaan yang memungkinkan tindakan ini.',
    en: 'The ticket is not in a state that allows this.',
  },
  TICKET_NOT_TODAY: {
    status: 409,
    id: 'Tiket ini bukan dari hari ini.',
    en: 'This ticket is not from today.',
  },
  SERVICE_NOT_AT_COUNTER: {
    status: 409,
    id: 'Layanan tiket ini tidak dilayani di loket ini.',
    en: "This ticket's service is not served at this counter.",
  },
  TRANSFER_SAME_SERVICE: {
    status: 409,
    id: 'Tiket sudah berada di layanan tersebut.',
    en: 'The ticket is already in that service.',
  },
  COUNTER_MISMATCH: {
    status: 403,
    id: 'Perangkat ini terpasang untuk loket lain.',
    en: 'This device is set up for another counter.',
  },
  PRINTER_NOT_CONFIGURED: {
    status: 409,
    id: 'Belum ada printer yang diatur untuk kios ini.',
    en: 'No printer is set up for this kiosk.',
  },
  PRINTER_FOR_KIOSKS_ONLY: {
    status: 409,
    id: 'Printer tiket hanya dapat diatur untuk perangkat kios.',
    en: 'A ticket printer can only be set up for a kiosk device.',
  },
  TICKET_ALREADY_PRINTED: {
    status: 409,
    id: 'Tiket ini sudah tercetak; cetak ulang hanya dapat dilakukan oleh petugas.',
    en: 'This ticket was already printed; only an officer can reprint it.',
  },
  TICKET_NOT_FROM_THIS_KIOSK: {
    status: 403,
    id: 'Tiket ini tidak diambil di kios ini.',
    en: 'This ticket was not issued at this kiosk.',
  },
  MASTER_DUPLICATE: {
    status: 409,
    id: 'Kode, prefiks, atau label itu sudah dipakai.',
    en: 'That code, prefix or label is already in use.',
  },
  MASTER_REFERENCE: {
    status: 409,
    id: 'Instansi atau layanan yang dirujuk tidak ada.',
    en: 'The agency or service referred to does not exist.',
  },
  MASTER_PREFIX_TAKEN: {
    status: 409,
    id: 'Prefiks itu sudah dipakai layanan lain (hari ini atau mulai besok).',
    en: 'That prefix is used by another service (today or from tomorrow).',
  },
  COUNTER_IN_USE: {
    status: 409,
    id: 'Loket sedang buka atau memegang tiket; tutup loket dahulu sebelum menonaktifkannya.',
    en: 'The counter is open or holds a ticket; close it before deactivating it.',
  },
  MASTER_IMPORT_INVALID: {
    status: 422,
    id: 'Berkas impor berisi kesalahan; tidak ada yang diubah. Perbaiki baris yang ditandai lalu coba lagi.',
    en: 'The import file has errors; nothing was changed. Fix the marked rows and try again.',
  },
  SURVEY_NOT_ELIGIBLE: {
    status: 409,
    id: 'Survei hanya untuk tiket yang sudah selesai dilayani hari ini.',
    en: 'The survey is for tickets served today.',
  },
  SURVEY_ALREADY_ANSWERED: {
    status: 409,
    id: 'Survei untuk tiket ini sudah diisi. Terima kasih.',
    en: 'The survey for this ticket was already answered. Thank you.',
  },
  KIOSK_COMPLAINTS_OFF: {
    status: 403,
    id: 'Pengaduan di kios tidak dibuka di MPP ini. Silakan sampaikan lewat halaman tiket di ponsel atau ke petugas informasi.',
    en: 'This MPP does not take complaints at the kiosk. Please use the ticket page on your phone or the information desk.',
  },
  COMPLAINT_NOT_FOUND: {
    status: 404,
    id: 'Pengaduan tidak ditemukan.',
    en: 'Complaint not found.',
  },
  AGENCY_NOT_FOUND: {
    status: 404,
    id: 'Instansi tidak ditemukan.',
    en: 'Agency not found.',
  },
  SURVEY_CODE_INVALID: {
    status: 400,
    id: 'Kode QR ini bukan kode tiket antrean yang sah. Silakan ketik nomor antrean Anda.',
    en: 'This QR code is not a valid queue ticket code. Please type your ticket number.',
  },
  SURVEY_SESSION_INVALID: {
    status: 409,
    id: 'Sesi survei ini sudah tidak berlaku. Silakan mulai lagi.',
    en: 'This survey session is no longer valid. Please start again.',
  },
  BACKUP_NOT_FOUND: {
    status: 404,
    id: 'File cadangan tidak ditemukan.',
    en: 'The backup file was not found.',
  },
  BACKUP_INVALID: {
    status: 422,
    id: 'File cadangan rusak atau bukan basis data antrean; pilih cadangan lain.',
    en: 'The backup file is damaged or not a queue database; choose another backup.',
  },
  BACKUP_OTHER_SITE: {
    status: 409,
    id: 'File cadangan ini milik MPP lain.',
    en: 'This backup belongs to another MPP.',
  },
  HUB_RUNNING: {
    status: 409,
    id: 'Hub antrean masih berjalan pada folder data ini; hentikan dulu.',
    en: 'A queue hub is still running on this data folder; stop it first.',
  },
  ADMIN_ROLE_REQUIRED: {
    status: 403,
    id: 'Hanya admin yang dapat melakukan tindakan ini.',
    en: 'Only an admin can do that.',
  },
  STORAGE_FULL: {
    status: 507,
    id: 'Penyimpanan server antrean penuh; tiket belum dapat diterbitkan. Mohon hubungi petugas.',
    en: 'The queue server’s storage is full; no ticket could be issued. Please ask the staff.',
  },
  DATABASE_DAMAGED: {
    status: 500,
    id: 'Basis data server antrean rusak; permintaan ini tidak dapat dilayani. Mohon hubungi petugas TI.',
    en: 'The queue server’s database is damaged; this request cannot be served. Please call the IT staff.',
  },
  DAY_NOT_CLOSED: {
    status: 409,
    id: 'Hari layanan ini tidak sedang ditutup; tidak ada yang perlu dibuka kembali.',
    en: 'This business day is not closed; there is nothing to reopen.',
  },
  DAY_REOPEN_NOT_TODAY: {
    status: 409,
    id: 'Hanya hari layanan hari ini yang dapat dibuka kembali.',
    en: 'Only today’s business day can be reopened.',
  },
  REPORTS_BUSY: {
    status: 503,
    id: 'Terlalu banyak laporan sedang disiapkan; tunggu sebentar lalu coba lagi.',
    en: 'Too many reports are being prepared; wait a moment and try again.',
  },
  PRINTER_ADDRESS_INVALID: {
    status: 400,
    id: 'Alamat printer tidak sesuai jenis sambungannya: TCP ditulis host:port (mis. 192.168.1.50:9100), serial nama port (COM3, /dev/ttyUSB0).',
    en: 'The printer address does not fit its connection type: TCP is host:port (e.g. 192.168.1.50:9100), serial a port name (COM3, /dev/ttyUSB0).',
  },
  PRINTER_NOT_A_DEVICE: {
    status: 400,
    id: 'Printer berkas harus perangkat printer (mis. /dev/usb/lp0, COM3, LPT1); berkas biasa dan folder ditolak, tidak ada yang ditulis.',
    en: 'A file printer must be a printer device (e.g. /dev/usb/lp0, COM3, LPT1); regular files and folders are refused and nothing was written.',
  },
  HTTPS_REQUIRED: {
    status: 403,
    id: 'Sambungan ini tidak terenkripsi. Gunakan https://<alamat hub>:<port HTTPS> (lihat details.https); HTTP biasa hanya untuk layar tampilan.',
    en: 'This connection is not encrypted. Use https://<hub>:<HTTPS port> (see details.https); plain HTTP is for display screens only.',
  },
  INTERNAL: {
    status: 500,
    id: 'Terjadi kesalahan pada server antrean.',
    en: 'The queue server had an internal error.',
  },
  PAIRING_BUSY: {
    status: 429,
    id: 'Terlalu banyak percobaan pemasangan di jaringan ini. Coba lagi sebentar lagi.',
    en: 'Too many pairing attempts on this network. Try again shortly.',
  },
  PAIRING_CODE_BURNED: {
    status: 410,
    id: 'Kode pemasangan ini dibatalkan karena terlalu banyak tebakan salah. Minta admin membuat kode baru.',
    en: 'This pairing code was cancelled after too many wrong guesses. Ask the admin for a new code.',
  },
  OFFICER_NOT_FOUND: {
    status: 404,
    id: 'Petugas tidak ditemukan.',
    en: 'Officer not found.',
  },
  OFFICER_AGENCY_MISMATCH: {
    status: 403,
    id: 'Petugas ini tidak terdaftar untuk gerai instansi ini. Minta admin MPP menambahkan instansi ini ke petugas.',
    en: 'This officer is not registered for this agency’s counters. Ask the MPP admin to add this agency to the officer.',
  },
  ZONE_NOT_FOUND: {
    status: 404,
    id: 'Zona tidak ditemukan atau sudah dinonaktifkan.',
    en: 'Zone not found or deactivated.',
  },
  LAST_ADMIN: {
    status: 409,
    id: 'Ini admin aktif terakhir: tambahkan admin lain lebih dahulu.',
    en: 'This is the last active admin: add another admin first.',
  },
  MEDIA_NOT_FOUND: {
    status: 404,
    id: 'File media tidak ditemukan.',
    en: 'Media file not found.',
  },
  MEDIA_TOO_LARGE: {
    status: 413,
    id: 'File media terlalu besar: gambar paling besar 5 MB, video 30 MB.',
    en: 'The media file is too large: images up to 5 MB, videos up to 30 MB.',
  },
  MEDIA_WRONG_TYPE: {
    status: 400,
    id: 'Isi file bukan gambar JPG, PNG, WebP atau video MP4, WebM seperti jenis yang disebutkan.',
    en: 'The file is not the JPG, PNG or WebP image or MP4 or WebM video it claims to be.',
  },
  MEDIA_FULL: {
    status: 409,
    id: 'Folder media penuh (paling banyak 50 file, 300 MB). Hapus file yang tidak dipakai lagi.',
    en: 'The media folder is full (at most 50 files, 300 MB). Delete files no longer used.',
  },
  VOICE_CLIP_WRONG_TYPE: {
    status: 415,
    id: 'Rekaman suara harus berupa file WAV, MP3, OGG atau WebM, dan isinya harus sesuai jenis itu.',
    en: 'A voice clip must be a WAV, MP3, OGG or WebM file whose contents match that type.',
  },
  VOICE_CLIP_TOO_LARGE: {
    status: 413,
    id: 'Rekaman suara terlalu besar: paling besar 1 MB (satu kata cukup satu atau dua detik).',
    en: 'The voice clip is too large: at most 1 MB (one word needs a second or two).',
  },
  VOICE_CLIP_NOT_FOUND: {
    status: 404,
    id: 'Kata ini tidak punya rekaman sendiri.',
    en: 'This word has no recording of its own.',
  },
} as const satisfies Record<string, ErrorMessage & { status: number }>;

export type ErrorCode = keyof typeof ERRORS;

export function errorBody(code: ErrorCode, details?: unknown): ErrorBody {
  const e = ERRORS[code];
  return { error: { code, message: { id: e.id, en: e.en }, ...(details === undefined ? {} : { details }) } };
}
