/**
 * The staff tab in headless Chromium at 1366x768, as an MPP admin uses it: add an officer of an
 * agency (the form clears), find them in the list, reset their PIN in the page's own dialog, and
 * read both changes in the audit log.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

describe.skipIf(skipScreens)('the staff tab', () => {
  let hub: ServedHub;
  let browser: Browser;
  let admin: Page;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${hub.url}${path}`, { method, headers: body !== undefined ? { 'content-type': 'application/json' } : {}, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, json: (await res.json().catch(() => null)) as any };
  };

  beforeAll(async () => {
    hub = await serveHub();
    browser = await launchChromium();
    admin = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await admin.goto(`${hub.url}/admin`);
    await admin.fill('input[name=username]', 'admin');
    await admin.fill('input[name=pin]', '246810');
    await admin.getByRole('button', { name: 'Masuk' }).click();
    await admin.getByRole('button', { name: 'Petugas & audit' }).click();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('adds an officer of an agency, resets the PIN, and shows both in the audit log', async () => {
    const officers = admin.getByRole('region', { name: 'Petugas' });
    await officers.locator('tr', { hasText: 'petugas01' }).waitFor();
    const form = admin.getByRole('form', { name: 'Tambah petugas' });
    await form.getByLabel('Nama', { exact: true }).fill('Rina Pratiwi');
    await form.getByLabel('Nama pengguna').fill('rina.p');
    await form.getByLabel('PIN').fill('1357');
    await form.getByLabel('Peran').selectOption({ label: 'Supervisor' });
    await form.getByLabel('Instansi', { exact: true }).selectOption({ label: 'Dinas Kependudukan dan Pencatatan Sipil' });
    await form.getByLabel('Instansi lain yang diizinkan').selectOption({ label: 'Kepolisian Resor (SKCK)' });
    await form.getByRole('button', { name: 'Tambah petugas' }).click();
    await admin.getByRole('status').getByText('Petugas: tersimpan.').waitFor();
    expect(await form.getByLabel('Nama pengguna').inputValue()).toBe('');
    await officers.getByLabel('Cari petugas').fill('rina');
    await expect.poll(() => officers.locator('tbody tr').count()).toBe(1);
    const row = officers.locator('tr', { hasText: 'rina.p' });
    expect(await row.textContent()).toContain('Dukcapil');
    expect(await row.textContent()).toContain('Polres');

    await row.getByRole('button', { name: 'Atur ulang PIN' }).click();
    const pin = admin.getByRole('dialog', { name: 'PIN baru untuk rina.p' });
    await pin.getByLabel('PIN').fill('24680');
    await pin.getByRole('button', { name: 'Simpan' }).click();
    await pin.waitFor({ state: 'hidden' });
    await admin.getByRole('status').getByText('PIN: tersimpan.').waitFor();
    expect((await api('POST', '/api/sessions', { username: 'rina.p', pin: '24680' })).json.officer.username).toBe('rina.p');

    const audit = admin.getByRole('region', { name: 'Log audit' });
    await audit.getByLabel('Tentang').selectOption({ label: 'petugas' });
    await audit.getByRole('button', { name: 'Tampilkan' }).click();
    await audit.getByRole('cell', { name: 'officer.resetPin' }).waitFor();
    const text = await audit.getByTestId('audit-log').textContent();
    expect(text).toContain('officer.add');
    expect(text).toContain('Admin MPP');
    expect(text).not.toContain('24680');
    expect(text).not.toContain('1357');
  });
});
