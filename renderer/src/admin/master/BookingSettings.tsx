/**
 * One service's online booking settings (issue 23), beside the services list like the standar
 * pelayanan: whether citizens may book it on the central server's page, the slot length, how many
 * bookings one slot takes and how many days ahead. Saving publishes the catalogue to the central
 * server with the next push (bookings/store.ts), so the public page offers the new slots once the
 * hub has synced.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ServiceBookingSettings } from '../../../../shared/booking.js';
import type { ServiceAdmin } from '../../../../shared/masterData.js';
import { fieldErrors, type FieldMessage } from '../../../../shared/masterData.js';
import { i18n } from '../../i18n.js';
import { ADMIN_NS, useAdminT } from '../i18n.js';
import { useAdmin } from '../store.js';
import { Field } from './parts.js';

// The words are this screen's own (merged into the admin namespace, as master/strings.ts does).
i18n.addResourceBundle(
  'id',
  ADMIN_NS,
  {
    master: {
      booking: {
        open: 'Booking daring',
        openNamed: 'Booking daring {{name}}',
        heading: 'Booking daring',
        help: 'Warga dapat memesan jam layanan di halaman booking server pusat. Perubahan diterbitkan ke server pusat pada sinkronisasi berikutnya.',
        loading: 'Memuat…',
        enabled: 'Terima booking daring untuk layanan ini',
        slotMinutes: 'Lama satu slot',
        minutes: '{{n}} menit',
        capacity: 'Booking per slot',
        daysAhead: 'Dapat dipesan sampai (hari ke depan)',
        save: 'Simpan',
        close: 'Tutup',
        saved: 'Pengaturan booking {{name}} tersimpan; diterbitkan ke server pusat pada sinkronisasi berikutnya.',
      },
    },
  },
  true,
  true,
);
i18n.addResourceBundle(
  'en',
  ADMIN_NS,
  {
    master: {
      booking: {
        open: 'Online booking',
        openNamed: 'Online booking of {{name}}',
        heading: 'Online booking',
        help: 'Citizens can book a time on the central server’s booking page. Changes are published to the central server with the next sync.',
        loading: 'Loading…',
        enabled: 'Take online bookings for this service',
        slotMinutes: 'Slot length',
        minutes: '{{n}} minutes',
        capacity: 'Bookings per slot',
        daysAhead: 'Bookable up to (days ahead)',
        save: 'Save',
        close: 'Close',
        saved: 'Booking settings of {{name}} saved; published to the central server with the next sync.',
      },
    },
  },
  true,
  true,
);

const SLOT_MINUTES = [15, 20, 30, 60] as const;

export function BookingSettings({ service, onClose }: { service: ServiceAdmin; onClose: () => void }) {
  const { t } = useAdminT();
  const call = useAdmin((s) => s.call);
  const notify = useAdmin((s) => s.notify);
  const [draft, setDraft] = useState<ServiceBookingSettings | null>(null);
  const [errors, setErrors] = useState<Record<string, FieldMessage>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setDraft(null);
    void call((api) => api.get(`/api/admin/services/${service.id}/booking`, ServiceBookingSettings)).then((s) => {
      if (live && s) setDraft(s);
    });
    return () => {
      live = false;
    };
  }, [call, service.id]);

  const edit = (patch: Partial<ServiceBookingSettings>) => draft && setDraft({ ...draft, ...patch });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    const problems = fieldErrors(ServiceBookingSettings, draft);
    setErrors(problems);
    if (Object.keys(problems).length) {
      notify('error', { id: t('master.fixFields', { lng: 'id' }), en: t('master.fixFields', { lng: 'en' }) });
      return;
    }
    setBusy(true);
    const saved = await call((api) => api.send('PUT', `/api/admin/services/${service.id}/booking`, draft, ServiceBookingSettings), 'master.booking.saved', { name: service.name });
    setBusy(false);
    if (saved) setDraft(saved);
  };

  return (
    <form className="master-form booking-settings" onSubmit={(e) => void submit(e)} aria-label={t('master.booking.heading')}>
      <h2>
        {t('master.booking.heading')}: {service.name}
      </h2>
      <p className="hint">{t('master.booking.help')}</p>
      {!draft ? (
        <p>{t('master.booking.loading')}</p>
      ) : (
        <>
          <label className="check">
            <input type="checkbox" name="enabled" checked={draft.enabled} onChange={(e) => edit({ enabled: e.target.checked })} /> {t('master.booking.enabled')}
          </label>
          <Field label={t('master.booking.slotMinutes')} error={errors.slotMinutes}>
            <select name="slotMinutes" value={draft.slotMinutes} onChange={(e) => edit({ slotMinutes: Number(e.target.value) as ServiceBookingSettings['slotMinutes'] })}>
              {SLOT_MINUTES.map((m) => (
                <option key={m} value={m}>
                  {t('master.booking.minutes', { n: m })}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('master.booking.capacity')} error={errors.capacityPerSlot}>
            <input name="capacityPerSlot" type="number" min={1} max={100} value={draft.capacityPerSlot} onChange={(e) => edit({ capacityPerSlot: Number(e.target.value) })} />
          </Field>
          <Field label={t('master.booking.daysAhead')} error={errors.daysAhead}>
            <input name="daysAhead" type="number" min={1} max={60} value={draft.daysAhead} onChange={(e) => edit({ daysAhead: Number(e.target.value) })} />
          </Field>
        </>
      )}
      <div className="buttons">
        <button className="primary" type="submit" disabled={!draft || busy}>
          {t('master.booking.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('master.booking.close')}
        </button>
      </div>
    </form>
  );
}
