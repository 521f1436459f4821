/**
 * The ticket on the citizen's phone, in a phone-sized headless Chromium (390x844, touch) against the
 * hub as `npm run serve` starts it: the QR code printed on a ticket issued at the kiosk API opens
 * the page; it shows the live position; an officer's call turns it into "Dipanggil!" (with a
 * vibration) within 1 s of the call's HTTP answer, and rings again on a recall; after the finish it offers the survey, which is
 * recorded for that ticket only; a changed token shows that the link is not valid; a complaint is
 * sent from it.
 *
 * Screenshots: docs/screenshots/issue22-phone-waiting.png, -called.png, -survey.png, -complaint.png.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenize, toReceipt } from '../../electron/printer/escpos/decode.js';
import { DEMO_PRINTER_FOLDER } from '../../electron/hub/seed/demo.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { layoutProblems } from '../fixtures/layout.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const SCREENSHOTS = join(process.cwd(), 'docs', 'screenshots');
const PHONE = { width: 390, height: 844 };
const KTP = 1; // demo: KTP Elektronik (prefix A), served at Gerai 1–4; this hub is the test's own
const GERAI_1 = 1;

describe.skipIf(skipScreens)('the ticket on the phone', () => {
  let hub: ServedHub;
  let browser: Browser;
  let session = '';
  const serviceId = KTP;
  const counterId = GERAI_1;
  const contexts: BrowserContext[] = [];
  let n = 0;

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${hub.url}${path}`, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, json: (await res.json().catch(() => null)) as any };
  };
  const issue = async (): Promise<{ id: number; display: string }> => {
    const r = await api('POST', '/api/tickets', { serviceId, requestId: `phone-e2e-${n++}` });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    return r.json.ticket;
  };
  const counterAct = async (action: string) => {
    const r = await api('POST', `/api/counters/${counterId}/${action}`, {}, { 'x-antre-session': session });
    expect(r.status, `${action}: ${JSON.stringify(r.json)}`).toBe(200);
    return r.json;
  };
  /** What the QR code on the printed ticket says, read back from the virtual printer's last job. */
  const printedCode = async (ticketId: number): Promise<string> => {
    expect((await api('POST', `/api/tickets/${ticketId}/print`)).json.result.outcome).toBe('printed');
    const dir = join(hub.dataDir, 'printers', DEMO_PRINTER_FOLDER);
    const job = readdirSync(dir).filter((f) => f.endsWith('.bin')).sort().at(-1)!;
    const qr = toReceipt(tokenize(readFileSync(join(dir, job))).commands).find((i) => i.kind === 'qr') as { data: string } | undefined;
    return qr!.data;
  };
  const phone = async (path: string): Promise<{ p: Page; errors: string[] }> => {
    const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, locale: 'id-ID' });
    contexts.push(context);
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    // What the page asks of the phone's vibrator, for the test to see.
    await p.addInitScript(() => {
      const w = window as unknown as { vibrations: unknown[] };
      w.vibrations = [];
      Object.defineProperty(navigator, 'vibrate', { value: (pattern: unknown) => (w.vibrations.push(pattern), true), configurable: true });
    });
    await p.goto(`${hub.url}${path}`);
    return { p, errors };
  };
  const database = () => new Database(join(hub.dataDir, 'antre.sqlite3'), { readonly: true, fileMustExist: true });

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    hub = await serveHub();
    const login = await api('POST', '/api/sessions', { username: 'petugas01', pin: '1234', counterId });
    expect(login.status, JSON.stringify(login.json)).toBe(201);
    session = login.json.sessionToken;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('shows the live position, "Dipanggil" within 1 s of the call, then the survey for this ticket only', async () => {
    const before = await issue();
    const tk = await issue();
    const link = await printedCode(tk.id);
    const url = new URL(link);
    // The hub's own LAN address and port (the served hub listens on loopback: the path is opened there).
    expect(url.port).toBe(String(hub.port));
    expect(url.pathname).toMatch(new RegExp(`^/t/${tk.id}\\.\\d{8}\\.[A-Za-z0-9_-]{22}$`));
    const { p, errors } = await phone(url.pathname);
    await expect.poll(() => p.locator('#number').textContent()).toBe(tk.display);
    await expect.poll(() => p.locator('#ahead').textContent()).toBe('1 orang di depan Anda');
    expect(await p.locator('#status').textContent()).toMatch(/Perkiraan menunggu|Belum ada/);
    expect(await layoutProblems(p)).toEqual([]);
    await p.screenshot({ path: join(SCREENSHOTS, 'issue22-phone-waiting.png') });

    // The sound is unlocked by a tap, as a phone browser requires.
    await p.getByRole('button', { name: 'Ketuk untuk mengaktifkan suara' }).tap();
    await p.getByText('Suara aktif').waitFor();

    // The one ahead is called and served: the page follows live.
    expect((await counterAct('call-next')).ticket.id).toBe(before.id);
    await counterAct('finish');
    await expect.poll(() => p.locator('#ahead').textContent(), { timeout: 2000 }).toBe('Anda berikutnya');

    // The call: measured from the call's HTTP answer to the text on the phone.
    const called = await counterAct('call-next');
    const answered = Date.now();
    expect(called.ticket.id).toBe(tk.id);
    await p.getByText('Dipanggil!').waitFor({ timeout: 1000 });
    const latency = Date.now() - answered;
    expect(latency).toBeLessThan(1000);
    const counterLabel = called.counter?.label ?? (await p.locator('.called-go').textContent())!.replace('Silakan menuju ', '');
    expect(await p.locator('.called-go').textContent()).toBe(`Silakan menuju ${counterLabel}`);
    expect(await p.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations.length)).toBe(1);
    await p.screenshot({ path: join(SCREENSHOTS, 'issue22-phone-called.png') });
    console.log(`phone page: "Dipanggil" ${latency} ms after the call's answer`);
    // A recall (nobody came yet) rings the phone again.
    await counterAct('recall');
    await expect.poll(() => p.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations.length), { timeout: 1000 }).toBe(2);

    // Served and finished: the survey of this visit.
    await counterAct('finish');
    await p.locator('#survey').waitFor({ timeout: 2000 });
    await p.screenshot({ path: join(SCREENSHOTS, 'issue22-phone-survey.png') });
    for (let i = 0; i < 9; i++) {
      const thanks = await p.getByText('Terima kasih atas penilaian Anda.').isVisible();
      if (thanks) break;
      const q = await p.locator('.question').textContent();
      await p.locator('.choice').nth(3).tap();
      await expect.poll(async () => (await p.getByText('Terima kasih atas penilaian Anda.').isVisible()) || (await p.locator('.question').textContent()) !== q).toBe(true);
    }
    await p.getByText('Terima kasih atas penilaian Anda.').waitFor();
    const db = database();
    const rows = db.prepare('SELECT ticket_id, channel FROM survey_responses WHERE ticket_id IN (?, ?)').all(before.id, tk.id);
    db.close();
    expect(rows).toEqual([{ ticket_id: tk.id, channel: 'qr' }]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('sends a complaint, with a contact only after the consent', async () => {
    const tk = await issue();
    const link = await printedCode(tk.id);
    const { p, errors } = await phone(new URL(link).pathname);
    await p.locator('#number').waitFor();
    await p.getByRole('button', { name: 'Pengaduan' }).tap();
    await p.locator('select').selectOption('waktu_tunggu');
    await p.locator('textarea').fill('Antrean KTP lama sekali, petugas hanya satu.');
    await p.getByRole('checkbox', { name: /Cantumkan kontak saya/ }).tap();
    await p.locator('input[type="tel"]').fill('0812-3456-7890');
    const send = p.getByRole('button', { name: 'Kirim pengaduan' });
    expect(await send.isDisabled()).toBe(true);
    await p.getByRole('checkbox', { name: /Saya setuju kontak saya disimpan/ }).tap();
    expect(await send.isDisabled()).toBe(false);
    // The form was rebuilt when the contact fields appeared: what was typed is still there.
    expect(await p.locator('textarea').inputValue()).toBe('Antrean KTP lama sekali, petugas hanya satu.');
    await p.screenshot({ path: join(SCREENSHOTS, 'issue22-phone-complaint.png') });
    await send.tap();
    await p.getByText('Pengaduan Anda sudah kami terima').waitFor({ timeout: 5000 });
    const db = database();
    const row = db.prepare('SELECT channel, ticket_id, contact FROM complaints WHERE ticket_id = ?').get(tk.id) as { channel: string; ticket_id: number; contact: string };
    db.close();
    expect(row).toMatchObject({ channel: 'phone', ticket_id: tk.id });
    expect(JSON.parse(row.contact)).toMatchObject({ phone: '0812-3456-7890' });
    expect(errors).toEqual([]);
  }, 30_000);

  it('says a changed link is not valid, and shows nothing of the ticket it was changed from', async () => {
    const tk = await issue();
    const path = new URL(await printedCode(tk.id)).pathname;
    const changed = path.replace(/\/t\/(\d+)\./, (_m, id: string) => `/t/${Number(id) - 1}.`);
    const { p } = await phone(changed);
    await p.getByText('Tautan tiket ini tidak berlaku').waitFor();
    expect(await p.locator('#number').count()).toBe(0);
    // English on the toggle.
    await p.getByRole('button', { name: 'English' }).tap();
    await p.getByText('This ticket link is not valid').waitFor();
  }, 30_000);
});
