/**
 * The public booking pages of each MPP (issue 23), served by the central server with no sign-in:
 * choose agency → service → date → slot, then the code and its QR. Plain HTML forms and links,
 * no script at all, so they work on any phone browser; rate-limited like the standards pages.
 * JSON twins under /public/:site/api/booking… for other front ends and the tests.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import { BOOKING_QR_PREFIX } from '../shared/booking.js';
import { formatIndonesianDate } from '../shared/businessDate.js';
import { type BookingStatusView, type BookingStore, type MadeBooking, type OfferedSlot } from './bookings.js';
import { IngestError } from './store.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'";
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:0 auto;padding:1em;max-width:34em;line-height:1.4;color:#1a1a1a}' +
  'h1{font-size:1.35em;margin:.2em 0}h2{font-size:1.1em}a{color:#0b57d0}' +
  'ul.choose{list-style:none;padding:0}ul.choose li a,ul.choose li label{display:block;border:1px solid #bbb;border-radius:.5em;padding:.7em;margin:.4em 0;text-decoration:none}' +
  'ul.choose li label:has(input:checked){border-color:#0b57d0;background:#e8f0fe}' +
  'input[type=tel],input[type=text],input[type=date]{font:inherit;padding:.5em;width:100%;box-sizing:border-box}' +
  'button{font:inherit;font-weight:600;padding:.7em 1.4em;margin-top:1em;background:#0b57d0;color:#fff;border:0;border-radius:.5em}' +
  '.code{font-size:2.4em;font-weight:700;letter-spacing:.15em;text-align:center;margin:.3em 0}.qr{width:220px;margin:0 auto;display:block}' +
  '.alert{background:#fde8e8;border:1px solid #d33;padding:.7em;border-radius:.5em}.full{color:#777}.note{background:#fff6d6;padding:.7em;border-radius:.5em}' +
  '.state{border-radius:.5em;padding:.7em;border:1px solid #bbb}.state strong{display:block;font-size:1.15em}' +
  '.state-ok{background:#e6f4ea;border-color:#1e8e3e}.state-off{background:#fde8e8;border-color:#d33}.state-info{background:#f1f3f4}' +
  '.en{color:#555;font-size:.9em}';

function page(siteName: string, title: string, body: string): string {
  return (
    `<!doctype html><html lang="id"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${esc(title)} · ${esc(siteName)}</title><style>${STYLE}</style>` +
    `<p>${esc(siteName)}</p><h1>${esc(title)}</h1>${body}</html>`
  );
}

const send = (reply: FastifyReply, status: number, html: string) =>
  reply.code(status).type('text/html; charset=utf-8').header('content-security-policy', CSP).header('cache-control', 'no-store').send(html);

/** The slot start plus the 15 minutes of the check-in window (docs/BOOKING.md). */
const latest = (start: string) => {
  const m = Number(start.slice(0, 2)) * 60 + Number(start.slice(3)) + 15;
  return `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** The confirmation: the code large, its QR (what the kiosk's scanner reads), and when to come. */
export async function confirmationHtml(siteCode: string, siteName: string, b: MadeBooking): Promise<string> {
  const svg = await QRCode.toString(`${BOOKING_QR_PREFIX}${siteCode}:${b.code}`, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return page(
    siteName,
    'Booking berhasil',
    `<p>Kode booking Anda:</p><p class="code" data-testid="booking-code">${esc(b.code)}</p>` +
      `<div class="qr" role="img" aria-label="Kode QR booking ${esc(b.code)}">${svg}</div>` +
      `<p><strong>${esc(b.agencyName)} — ${esc(b.serviceName)}</strong><br>${esc(formatIndonesianDate(b.date))}, pukul ${b.slotStart}–${b.slotEnd}</p>` +
      `<p class="note">Silakan datang paling lambat 15 menit setelah jam booking, yaitu pukul ${latest(b.slotStart)}, lalu pindai kode QR ini ` +
      `atau ketik kodenya di kios antrean. Lewat dari itu, Anda dilayani sebagai antrean biasa. Check-in dibuka 30 menit sebelum jam booking.</p>` +
      `<p>Simpan atau tangkap layar halaman ini. Untuk melihat status booking: <a href="/public/${esc(siteCode)}/booking/status">cek booking</a>; ` +
      `untuk membatalkan: <a href="/public/${esc(siteCode)}/booking/cancel">batalkan booking</a> (keduanya dengan kode dan tanggal).</p>`,
  );
}

/** One booking's status, in words for the citizen (docs/BOOKING.md, "Cek booking"). */
export function statusHtml(siteCode: string, v: BookingStatusView): string {
  const base = `/public/${esc(siteCode)}/booking`;
  const day = esc(formatIndonesianDate(v.date));
  const what = v.serviceName ? `${esc(v.agencyName ?? '')} — ${esc(v.serviceName)}` : 'Layanan yang Anda pesan';
  const box = (kind: 'ok' | 'off' | 'info', head: string, text: string) =>
    `<div class="state state-${kind}" role="status" data-state="${v.state}"><strong>${head}</strong>${text}</div>`;
  const site = esc(v.siteName);
  let state: string;
  let next: string;
  switch (v.state) {
    case 'booked':
      state = box(
        'ok',
        v.date === v.today ? 'Terjadwal hari ini' : 'Terjadwal',
        `<p>Booking Anda berlaku. Silakan datang ke ${site} ${v.date === v.today ? 'hari ini' : `pada ${day}`} paling lambat pukul ${latest(v.slotStart)}, lalu pindai kode QR atau ketik kode booking di kios antrean. ` +
          `Check-in dibuka 30 menit sebelum jam booking.</p>`,
      );
      next = v.date > v.today ? `<p><a href="${base}/cancel">Batalkan booking</a> (paling lambat sehari sebelumnya)</p>` : '';
      break;
    case 'cancelled':
      state = box('off', 'Dibatalkan', `<p>Booking ini sudah Anda batalkan; tempatnya diberikan kepada warga lain. Booking ini tidak dapat dipakai untuk check-in.</p>`);
      next = `<p><a href="${base}">Buat booking baru</a></p>`;
      break;
    case 'day_closed':
      state = box(
        'off',
        `${site} tutup pada tanggal ini`,
        `<p>${site} menyatakan tutup pada ${day} untuk layanan ini (hari libur atau penutupan) setelah Anda memesan, ` +
          `sehingga booking Anda tidak dapat dilayani pada hari itu. ` +
          (v.settled ? 'Booking ini sudah dibatalkan oleh MPP' : 'Booking ini akan dibatalkan oleh MPP') +
          `, dan Anda tidak dicatat sebagai tidak hadir. Silakan buat booking baru untuk tanggal lain.</p>`,
      );
      next = `<p><a href="${base}">Buat booking baru</a></p>`;
      break;
    case 'checked_in':
      state = box(
        'ok',
        'Sudah check-in',
        `<p>Anda sudah check-in di kios antrean` +
          (v.ticketDisplay ? ` dengan nomor antrean <strong>${esc(v.ticketDisplay)}</strong>` : '') +
          '.' +
          (v.placement === 'late' ? ' Anda datang lebih dari 15 menit setelah jadwal booking, sehingga dilayani sebagai antrean biasa.' : '') +
          `</p>`,
      );
      next = '';
      break;
    case 'no_show':
      state = box('off', 'Tidak hadir', `<p>Booking ini tidak di-check-in sampai ${site} menutup hari layanan ${day}. Bila masih memerlukan layanan, silakan buat booking baru.</p>`);
      next = `<p><a href="${base}">Buat booking baru</a></p>`;
      break;
    case 'past':
      state = box('info', 'Tanggal booking sudah lewat', `<p>Catatan kehadiran dari ${site} belum diterima server ini. Silakan cek lagi nanti.</p>`);
      next = `<p><a href="${base}">Buat booking baru</a></p>`;
      break;
  }
  return page(
    v.siteName,
    'Status booking',
    `<p>Kode booking:</p><p class="code" data-testid="booking-code">${esc(v.code)}</p>${state}` +
      `<p><strong>${what}</strong><br>${day}, pukul ${v.slotStart}–${v.slotEnd}<br>${site}</p>` +
      (v.state === 'booked' ? `<p class="note">Check-in di MPP tampil di halaman ini setelah server gedung mengirim datanya.</p>` : '') +
      `${next}<p><a href="${base}/status">Cek booking lain</a></p>`,
  );
}

export function registerBookingPages(app: FastifyInstance, bookings: BookingStore, publicLimit: { rateLimit: { max: number; timeWindow: string } }): void {
  // Headed with the MPP's name whenever the site is known ("Antre" only for an unknown site), in
  // Indonesian with the English line under it.
  const errorPage = async (reply: FastifyReply, site: string, err: unknown, back: string) => {
    if (!(err instanceof IngestError)) throw err;
    const body = err.body as { message?: { id: string; en: string } };
    const name = (await bookings.siteName(site).catch(() => null)) ?? 'Antre';
    const msg = body.message ?? { id: 'Permintaan tidak dapat diproses.', en: 'The request could not be processed.' };
    return send(
      reply,
      err.status,
      page(name, 'Booking', `<div class="alert" role="alert"><p>${esc(msg.id)}</p><p class="en" lang="en">${esc(msg.en)}</p></div><p><a href="${esc(back)}">Kembali</a></p>`),
    );
  };

  // The steps are one page with query parameters: each choice is a link, so the back button works.
  app.get<{ Params: { site: string }; Querystring: { agency?: string; service?: string; date?: string } }>(
    '/public/:site/booking',
    { config: publicLimit },
    async (req, reply) => {
      const site = req.params.site;
      const base = `/public/${encodeURIComponent(site)}/booking`;
      try {
        const { site: s, catalogue } = await bookings.catalogue(site);
        const open = catalogue.services.filter((x) => x.settings.enabled);
        const agencyId = Number(req.query.agency);
        const serviceId = Number(req.query.service);
        const service = open.find((x) => x.serviceId === serviceId);
        if (!service) {
          const agencies = [...new Map(open.map((x) => [x.agencyId, x.agencyName])).entries()];
          const agency = agencies.find(([id]) => id === agencyId);
          if (!agency) {
            return send(reply, 200, page(s.name, 'Booking antrean daring', `<p>Sudah punya booking? <a href="${base}/status">Cek booking</a></p><h2>1. Pilih instansi</h2><ul class="choose">` +
              agencies.map(([id, name]) => `<li><a href="${base}?agency=${id}">${esc(name)}</a></li>`).join('') +
              `</ul><p><a href="${base}/status">Cek booking</a> · <a href="${base}/cancel">Batalkan booking</a></p>`));
          }
          return send(reply, 200, page(s.name, agency[1], `<h2>2. Pilih layanan</h2><ul class="choose">` +
            open.filter((x) => x.agencyId === agencyId).map((x) => `<li><a href="${base}?service=${x.serviceId}">${esc(x.name)}</a></li>`).join('') +
            `</ul><p><a href="${base}">← Instansi lain</a></p>`));
        }
        const { slots } = await bookings.offered(site, service.serviceId);
        const days = [...new Set(slots.map((x) => x.date))];
        const date = req.query.date && days.includes(req.query.date) ? req.query.date : null;
        const title = `${service.agencyName} — ${service.name}`;
        if (!date) {
          const left = (d: string) => slots.filter((x) => x.date === d).reduce((n, x) => n + x.left, 0);
          return send(reply, 200, page(s.name, title, `<h2>3. Pilih tanggal</h2>` +
            (days.length === 0 ? '<p>Belum ada jadwal yang dapat dipesan untuk layanan ini.</p>' : `<ul class="choose">` +
              days.map((d) => (left(d) > 0 ? `<li><a href="${base}?service=${service.serviceId}&amp;date=${d}">${esc(formatIndonesianDate(d))} · sisa ${left(d)} tempat</a></li>` : `<li class="full"><a>${esc(formatIndonesianDate(d))} · penuh</a></li>`)).join('') + '</ul>') +
            `<p><a href="${base}?agency=${service.agencyId}">← Layanan lain</a></p>`));
        }
        const slotRow = (x: OfferedSlot, first: boolean) =>
          x.left > 0
            ? `<li><label><input type="radio" name="slot" value="${x.start}"${first ? ' required' : ''}> ${x.start}–${x.end} · sisa ${x.left} tempat</label></li>`
            : `<li class="full"><label><input type="radio" disabled> ${x.start}–${x.end} · penuh</label></li>`;
        const daySlots = slots.filter((x) => x.date === date);
        return send(reply, 200, page(s.name, title,
          `<h2>4. Pilih jam · ${esc(formatIndonesianDate(date))}</h2><form method="post" action="${base}">` +
          `<input type="hidden" name="serviceId" value="${service.serviceId}"><input type="hidden" name="date" value="${date}">` +
          `<ul class="choose">${daySlots.map((x, i) => slotRow(x, i === 0)).join('')}</ul>` +
          `<h2>Nomor HP (tidak wajib)</h2><p><label>Untuk pengingat, bila Anda mau:<br><input type="tel" name="phone" inputmode="tel" autocomplete="tel" maxlength="20"></label></p>` +
          `<p><label><input type="checkbox" name="consent" value="on"> Saya setuju nomor HP saya disimpan untuk pengingat booking ini.</label></p>` +
          `<button type="submit">Pesan</button></form><p><a href="${base}?service=${service.serviceId}">← Tanggal lain</a></p>`));
      } catch (err) {
        return errorPage(reply, site, err, base);
      }
    },
  );

  app.post<{ Params: { site: string } }>('/public/:site/booking', { config: publicLimit }, async (req, reply) => {
    const site = req.params.site;
    try {
      const made = await bookings.book(site, req.body);
      const { site: s } = await bookings.catalogue(site);
      return send(reply, 200, await confirmationHtml(s.code, s.name, made));
    } catch (err) {
      const b = (req.body ?? {}) as { serviceId?: string; date?: string };
      return errorPage(reply, site, err, `/public/${encodeURIComponent(site)}/booking?service=${encodeURIComponent(String(b.serviceId ?? ''))}&date=${encodeURIComponent(String(b.date ?? ''))}`);
    }
  });

  const cancelForm = (base: string, msg = '') =>
    `${msg}<form method="post" action="${base}/cancel"><p><label>Kode booking<br><input type="text" name="code" required maxlength="12" autocapitalize="characters" autocomplete="off"></label></p>` +
    `<p><label>Tanggal booking<br><input type="date" name="date" required></label></p><button type="submit">Batalkan booking</button></form>` +
    `<p>Pembatalan paling lambat sehari sebelum tanggal booking; tempat Anda diberikan kepada warga lain.</p>`;

  app.get<{ Params: { site: string } }>('/public/:site/booking/cancel', { config: publicLimit }, async (req, reply) => {
    const base = `/public/${encodeURIComponent(req.params.site)}/booking`;
    try {
      const { site } = await bookings.catalogue(req.params.site, false);
      return send(reply, 200, page(site.name, 'Batalkan booking', cancelForm(base)));
    } catch (err) {
      return errorPage(reply, req.params.site, err, base);
    }
  });

  app.post<{ Params: { site: string } }>('/public/:site/booking/cancel', { config: publicLimit }, async (req, reply) => {
    const base = `/public/${encodeURIComponent(req.params.site)}/booking`;
    try {
      const done = await bookings.cancel(req.params.site, req.body);
      const { site } = await bookings.catalogue(req.params.site, false);
      return send(reply, 200, page(site.name, 'Booking dibatalkan', `<p role="status">Booking <strong>${esc(done.code)}</strong> untuk ${esc(formatIndonesianDate(done.date))} sudah dibatalkan. Terima kasih.</p><p><a href="${base}">Buat booking baru</a></p>`));
    } catch (err) {
      return errorPage(reply, req.params.site, err, `${base}/cancel`);
    }
  });

  // "Cek booking": the code and the date, as for cancelling; posted, so the code stays out of the
  // address bar, the history and the logs.
  const statusForm = (base: string) =>
    `<form method="post" action="${base}/status"><p><label>Kode booking<br><input type="text" name="code" required maxlength="12" autocapitalize="characters" autocomplete="off"></label></p>` +
    `<p><label>Tanggal booking<br><input type="date" name="date" required></label></p><button type="submit">Cek booking</button></form>` +
    `<p>Kode dan tanggal ada pada bukti booking Anda.</p><p><a href="${base}">Buat booking baru</a></p>`;

  app.get<{ Params: { site: string } }>('/public/:site/booking/status', { config: publicLimit }, async (req, reply) => {
    const base = `/public/${encodeURIComponent(req.params.site)}/booking`;
    try {
      const { site } = await bookings.catalogue(req.params.site, false);
      return send(reply, 200, page(site.name, 'Cek booking', statusForm(base)));
    } catch (err) {
      return errorPage(reply, req.params.site, err, base);
    }
  });

  app.post<{ Params: { site: string } }>('/public/:site/booking/status', { config: publicLimit }, async (req, reply) => {
    const base = `/public/${encodeURIComponent(req.params.site)}/booking`;
    try {
      const view = await bookings.status(req.params.site, req.body);
      return send(reply, 200, statusHtml(req.params.site, view));
    } catch (err) {
      return errorPage(reply, req.params.site, err, `${base}/status`);
    }
  });

  // JSON twins (errors as the central's usual {error, message: {id, en}}).
  app.get<{ Params: { site: string }; Querystring: { service?: string } }>('/public/:site/api/booking/slots', { config: publicLimit }, async (req) => {
    const { slots } = await bookings.offered(req.params.site, Number(req.query.service));
    return { slots };
  });
  app.post<{ Params: { site: string } }>('/public/:site/api/booking', { config: publicLimit }, async (req) => bookings.book(req.params.site, req.body));
  app.post<{ Params: { site: string } }>('/public/:site/api/booking/cancel', { config: publicLimit }, async (req) => bookings.cancel(req.params.site, req.body));
  app.post<{ Params: { site: string } }>('/public/:site/api/booking/status', { config: publicLimit }, async (req) => bookings.status(req.params.site, req.body));
}
