/**
 * The Survei Kepuasan Masyarakat: one response per ticket served today, given at a counter-facing
 * tablet right after "Selesai", or at the kiosk by the ticket's QR code or number. Each response is
 * an event, so sync carries it to the central server.
 */
import { shortFormAnswers, type IkmAnswers } from '../../shared/ikm.js';
import type { SurveyAnswerRequest, Ticket } from '../../shared/protocol.js';
import { formatTicketNumber } from '../../shared/ticketNumber.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';
import type { EventLog } from './events.js';
import { HubError } from './hubError.js';
import type { MasterData } from './masterData.js';
import type { QueueEngine } from './queue/engine.js';
import type { SettingsStore } from './settings.js';

export interface SurveyTicket {
  ticketId: number;
  display: string;
  serviceName: string;
  eligible: boolean;
  form: 'full' | 'short';
}

export interface SurveyDeps {
  db: Db;
  events: EventLog;
  master: MasterData;
  engine: Pick<QueueEngine, 'today' | 'ticket'>;
  /** which form citizens see */
  settings: SettingsStore;
  clock: Clock;
}

export class Survey {
  private readonly db: Db;
  private readonly events: EventLog;
  private readonly master: MasterData;
  private readonly engine: SurveyDeps['engine'];
  private readonly settings: SettingsStore;
  private readonly clock: Clock;

  constructor(deps: SurveyDeps) {
    this.db = deps.db;
    this.events = deps.events;
    this.master = deps.master;
    this.engine = deps.engine;
    this.settings = deps.settings;
    this.clock = deps.clock;
  }

  private answered(ticketId: number): boolean {
    return this.db.prepare('SELECT 1 FROM survey_responses WHERE ticket_id = ?').get(ticketId) !== undefined;
  }

  private describe(t: Ticket): SurveyTicket {
    return {
      ticketId: t.id,
      display: t.display,
      serviceName: this.master.service(t.serviceId)?.name ?? '',
      eligible: t.status === 'done' && t.businessDate === this.engine.today() && !this.answered(t.id),
      form: this.settings.get('surveyForm'),
    };
  }

  /** The ticket a citizen typed at the kiosk ("A-012", today) or scanned (its id). */
  find(ref: { number?: string; ticketId?: number }): SurveyTicket {
    let t: Ticket | undefined;
    if (ref.ticketId) t = this.engine.ticket(ref.ticketId);
    else if (ref.number) {
      const m = /^([A-Z0-9]{1,4})-0*(\d+)$/.exec(ref.number.trim().toUpperCase());
      const id = m ? (this.db.prepare('SELECT id FROM tickets WHERE business_date = ? AND prefix = ? AND number = ?').pluck().get(this.engine.today(), m[1], Number(m[2])) as number | undefined) : undefined;
      t = id ? this.engine.ticket(id) : undefined;
    }
    if (!t) throw new HubError('TICKET_NOT_FOUND');
    return this.describe(t);
  }

  /** The latest ticket finished at a counter and not yet rated: what its tablet asks about. */
  latestAt(counterId: number): SurveyTicket | null {
    const id = this.db
      .prepare(
        `SELECT t.id FROM tickets t WHERE t.counter_id = ? AND t.business_date = ? AND t.status = 'done'
         AND NOT EXISTS (SELECT 1 FROM survey_responses s WHERE s.ticket_id = t.id) ORDER BY t.finished_at DESC LIMIT 1`,
      )
      .pluck()
      .get(counterId, this.engine.today()) as number | undefined;
    return id ? this.describe(this.engine.ticket(id)!) : null;
  }

  answer(req: SurveyAnswerRequest, actor: Actor): { ticket: string } {
    return this.events.transaction(() => {
      const t = this.engine.ticket(req.ticketId);
      if (!t) throw new HubError('TICKET_NOT_FOUND');
      if (this.answered(t.id)) throw new HubError('SURVEY_ALREADY_ANSWERED');
      if (t.status !== 'done' || t.businessDate !== this.engine.today()) throw new HubError('SURVEY_NOT_ELIGIBLE');
      const answers: IkmAnswers = req.form === 'short' ? shortFormAnswers(req.value) : (req.answers as IkmAnswers);
      const row = this.db.prepare('SELECT officer_id FROM tickets WHERE id = ?').get(t.id) as { officer_id: number | null };
      const now = this.clock.now();
      this.db
        .prepare('INSERT INTO survey_responses (ticket_id, service_id, counter_id, officer_id, business_date, form, answers, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(t.id, t.serviceId, t.counterId, row.officer_id, t.businessDate, req.form, JSON.stringify(answers), now);
      this.events.append({
        type: 'survey.answered',
        at: now,
        businessDate: t.businessDate,
        ticketId: t.id,
        serviceId: t.serviceId,
        counterId: t.counterId,
        officerId: row.officer_id,
        deviceId: actor.deviceId ?? null,
        data: { display: formatTicketNumber(t.prefix, t.number), form: req.form, answers },
      });
      return { ticket: t.display };
    });
  }
}
