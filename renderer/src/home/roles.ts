/** The screens a browser may open, as the home page lists them (setup and survey are reached from elsewhere). */
export const ROLES = [
  { path: '/kiosk', name: 'Kios', description: 'Ambil tiket antrean' },
  { path: '/counter', name: 'Loket', description: 'Petugas memanggil dan melayani' },
  { path: '/display', name: 'Layar', description: 'Layar panggilan di ruang tunggu' },
  { path: '/admin', name: 'Admin', description: 'Data induk, perangkat, laporan' },
] as const;
