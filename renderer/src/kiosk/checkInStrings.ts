/**
 * The words of the booking check-in (issue 23), Bahasa Indonesia and English (keys kioskCheckIn.*),
 * registered by ./CheckIn.tsx so only the kiosk's bundle carries them.
 */
export const id = {
  kioskCheckIn: {
    open: 'Punya booking?',
    title: 'Check-in booking',
    hint: 'Pindai kode QR booking Anda di pemindai, atau ketik 6 huruf/angka kode booking Anda.',
    field: 'Kode booking',
    submit: 'Check-in',
    back: 'Kembali',
    clear: 'Hapus',
    booked: 'Booking {{start}}–{{end}}',
    camera: 'Atau tunjukkan kode QR booking ke kamera ini.',
    cameraWrong: 'Kode QR ini bukan kode booking. Tunjukkan kode QR dari halaman booking.',
  },
};

export const en: typeof id = {
  kioskCheckIn: {
    open: 'Have a booking?',
    title: 'Booking check-in',
    hint: 'Scan your booking QR code at the scanner, or type the 6 letters/digits of your booking code.',
    field: 'Booking code',
    submit: 'Check in',
    back: 'Back',
    clear: 'Clear',
    booked: 'Booking {{start}}–{{end}}',
    camera: 'Or show your booking QR code to this camera.',
    cameraWrong: 'This QR code is not a booking code. Show the QR code from the booking page.',
  },
};
