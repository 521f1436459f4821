/** The page served when the renderer has not been built (`npm run build:renderer`). */
export function placeholderPage(): string {
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Antre</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'unsafe-inline'">
<style>body{font-family:sans-serif;font-size:28px;margin:3em}a{display:block;margin:.6em 0}</style></head>
<body><h1>Antre</h1>
<p>Tampilan belum dibangun. Jalankan <code>npm run build:renderer</code>. /
The screens are not built yet: run <code>npm run build:renderer</code>.</p>
<a href="/kiosk">Kios</a><a href="/counter">Loket</a><a href="/display">Layar</a><a href="/admin">Admin</a>
</body></html>`;
}
