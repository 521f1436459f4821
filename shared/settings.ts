/**
 * The site-wide settings as they travel: what GET/PUT /api/admin/settings answer and what a
 * `settings.changed` event carries. The hub keeps each one in its `settings` table
 * (electron/hub/settings.ts) with the same schema; tests/integration/contract.test.ts fails when
 * the two lists part.
 */
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

export const PriorityGroup = z.strictObject({
  code: z.string().regex(/^[a-z_]{2,30}$/),
  name: z.strictObject({ id: text(60), en: text(60) }),
});
export type PriorityGroup = z.infer<typeof PriorityGroup>;

export const PriorityPolicy = z.strictObject({
  groups: z.array(PriorityGroup).max(20),
  /** When both classes wait, a counter calls up to `priorityRun` priority tickets… */
  priorityRun: z.number().int().min(1).max(20),
  /** …then up to `regularRun` regular tickets, and so on. */
  regularRun: z.number().int().min(0).max(20),
  /** A regular ticket waiting longer than this goes before any priority ticket. */
  maxWaitMinutes: z.number().int().min(1).max(24 * 60),
});
export type PriorityPolicy = z.infer<typeof PriorityPolicy>;

export const COUNTER_WORDS = ['Gerai', 'Loket'] as const;
export const CounterWord = z.enum(COUNTER_WORDS);
export type CounterWord = z.infer<typeof CounterWord>;

/** How the hall displays look and speak (a site setting). */
export const DisplaySettings = z.strictObject({
  /** the running text along the bottom */
  runningText: z.string().max(1000),
  /** what is said for a call; {nomor} is the ticket, {loket} the counter */
  wording: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((w) => w.includes('{nomor}'), { message: 'the wording must contain {nomor}' }),
  /** clips: the recorded words (offline); speech: the browser's id-ID voice when it has one; off: silent */
  voice: z.enum(['clips', 'speech', 'off']),
  /** how long a new call stays large and highlighted */
  highlightSeconds: z.number().int().min(2).max(60),
  /** calls older than this when they reach a display (after a reconnect) are shown, not spoken */
  speakMaxAgeSeconds: z.number().int().min(5).max(600),
  /** how acronyms are said: {"SKCK": "es ka ce ka"} */
  pronunciations: z
    .record(z.string().regex(/^[A-Z0-9]{2,12}$/), z.string().regex(/^[a-z ]{1,60}$/))
    // bounded like every other input: each display downloads and searches the whole list per call
    .refine((p) => Object.keys(p).length <= 300, 'at most 300 pronunciations'),
  /** seconds an image of the media playlist stays on screen */
  imageSeconds: z.number().int().min(3).max(600),
  // Added in wave 2 (issue 19): defaults, so a site's stored settings from before still read.
  /** what is said when calls queue up behind the voice: "A dua belas, gerai lima" */
  shortWording: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .refine((w) => w.includes('{nomor}'), { message: 'the wording must contain {nomor}' })
    .default('{nomor}, {loket}'),
  /** the short form is said once this many calls wait to be spoken (0: always) */
  shortFormBacklog: z.number().int().min(0).max(50).default(2),
  /** calls for different counters said in one breath, after one chime */
  callsPerBreath: z.number().int().min(1).max(4).default(3),
  /** the sound before an announcement */
  chime: z.enum(['short', 'long', 'off']).default('short'),
  /** how many of the latest calls the big area shows at once */
  bigCalls: z.number().int().min(1).max(4).default(3),
  /** seconds each page of the waiting panel stays before the next (when it does not fit on one) */
  waitingPageSeconds: z.number().int().min(3).max(60).default(8),
  // Added in wave 2 (issue 22).
  /**
   * a slide between the media: the MPP's IKM of the last 30 days and the service standard of the
   * agency just called (what to bring, how long, what it costs)
   */
  standardSlide: z.boolean().default(false),
});
export type DisplaySettings = z.infer<typeof DisplaySettings>;

/** How the kiosks behave (a site setting). */
export const KioskSettings = z.strictObject({
  /** ask "Apakah Anda lansia, penyandang disabilitas, ibu hamil …?" before the ticket */
  askPriority: z.boolean(),
  /** back to the home screen, state cleared, after this long without a touch */
  idleSeconds: z.number().int().min(5).max(600),
  /** the printer is out of paper, open or offline: stop issuing, or issue and show the number on screen */
  printerTrouble: z.enum(['stop', 'screen']),
  // Added in wave 2 (issue 20): defaults, so a site's stored settings from before still read.
  /**
   * A service that no open counter serves right now (before the counters open, all on a break):
   * issue anyway, saying so on screen and on paper (the morning queue forms before 08:00), or refuse.
   */
  withoutOpenCounter: z.enum(['issue', 'refuse']).default('issue'),
  /** the ticket and the kiosk's last screen invite the citizen to the survey */
  surveyInvitation: z.boolean().default(true),
  // Added in wave 2 (issue 22).
  /** the ticket carries the service's requirements as a short checklist (longer tickets, slower print) */
  printRequirements: z.boolean().default(false),
  /** the kiosk's home screen offers "Pengaduan" (a complaint form) */
  complaints: z.boolean().default(true),
});
export type KioskSettings = z.infer<typeof KioskSettings>;

/** Every site setting, by key: the answer of GET and PUT /api/admin/settings. */
export const SiteSettings = z.object({
  priorityPolicy: PriorityPolicy,
  /** An officer session with no request for this long ends by itself. */
  sessionIdleMinutes: z.number().int().min(5).max(24 * 60),
  /** a ticket whose printing failed stays in the queue (keep) or is cancelled (void) */
  printFailurePolicy: z.enum(['keep', 'void']),
  display: DisplaySettings,
  /** the admin's overview raises an alert when a service's longest wait passes this */
  waitTargetMinutes: z.number().int().min(5).max(480),
  /** the survey form citizens see: the regulation's nine questions, or one tap */
  surveyForm: z.enum(['full', 'short']),
  kiosk: KioskSettings,
  /** How long an admin-made pairing code stays valid. */
  pairingCodeMinutes: z.number().int().min(1).max(24 * 60),
  /** The word this MPP uses for a service desk, everywhere (screens, voice, paper): "Gerai" or "Loket". */
  counterWord: CounterWord,
  /** A counter's survey tablet offers a ticket finished there for this long, and no older one. */
  surveyWindowMinutes: z.number().int().min(1).max(30),
  /**
   * The address phones on the building's visitor Wi-Fi reach the hub at, for the link in the
   * ticket's QR code ("http://192.168.1.10:7800"); null: the hub's own LAN address and port.
   */
  publicBaseUrl: z
    .string()
    .trim()
    .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/)
    .nullable()
    .default(null),
});
export type SiteSettings = z.infer<typeof SiteSettings>;
