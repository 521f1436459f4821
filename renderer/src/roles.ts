/** One route per role; the screens themselves come in their own issues. */
export const ROLES = [
  { path: '/kiosk', name: 'Kios', description: 'Ambil tiket antrean' },
  { path: '/counter', name: 'Loket', description: 'Petugas memanggil dan melayani' },
  { path: '/display', name: 'Layar', description: 'Layar panggilan di ruang tunggu' },
  { path: '/admin', name: 'Admin', description: 'Data induk, perangkat, laporan' },
] as const;
