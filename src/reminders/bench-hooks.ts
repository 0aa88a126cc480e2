import type { Connection } from 'mongoose';
import { Contacts } from '../domain/contacts.ts';
import { Placements } from '../domain/placements/model.ts';
import { countries, countryCodes } from '../domain/placements/countries.ts';
import { dueAgenda, insertAgendaFor } from '../domain/placements/agenda.ts';
import { nudgeHorizon, planFields } from './return-home.ts';
import type { ScheduleConfig } from './schedule-config.ts';
import { scheduleConfig } from './schedule-config.ts';
import { dueDeliveries } from '../outbox/worker.ts';

/**
 * For the benchmarks (`npm run bench`): fill a database the way a busy year would, fast (raw
 * unordered inserts), and time the "what is due?" queries of one scheduler tick without sending.
 */
export async function seedSchedulerData(
  conn: Connection,
  options: { contacts: number; placements: number; now: Date; prefix?: string; cfg?: ScheduleConfig },
): Promise<void> {
  const { now } = options;
  const prefix = options.prefix ?? 'bench';
  const cfg = options.cfg ?? scheduleConfig();
  const id = (i: number) => `zalo:${prefix}${String(i).padStart(7, '0')}`;
  for (let from = 0; from < options.contacts; from += 5000) {
    const docs = Array.from({ length: Math.min(5000, options.contacts - from) }, (_, k) => {
      const i = from + k;
      const lastInboundAt = new Date(now.getTime() - (i % 30) * 86_400_000);
      return { _id: id(i), channel: 'zalo', userId: `${prefix}${i}`, language: 'vi', firstInboundAt: lastInboundAt, lastInboundAt, optOut: { reminders: false, nudges: false, broadcasts: false } };
    });
    await Contacts(conn).collection.insertMany(docs as never[], { ordered: false });
  }
  for (let from = 0; from < options.placements; from += 5000) {
    const docs = Array.from({ length: Math.min(5000, options.placements - from) }, (_, k) => {
      const i = from + k;
      const code = countryCodes[i % countryCodes.length]!;
      const timeZone = countries[code].timeZone;
      // Contract ends spread over the next two years: a few nudges are due on any given day.
      const contractEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + (i % 730)));
      return {
        contactId: id(i % Math.max(1, options.contacts)),
        country: code,
        timeZone,
        contractEnd,
        consent: { version: 'bench', at: now, channel: 'zalo' },
        registeredBy: 'self',
        status: 'abroad' as const,
        planVersion: 1,
        ...planFields(contractEnd, timeZone, now, cfg),
        createdAt: now,
        updatedAt: now,
      };
    });
    await Placements(conn).collection.insertMany(docs as never[], { ordered: false });
    await insertAgendaFor(conn, docs, now);
  }
}

/** Times finding one tick's due work: placements to plan and deliveries to send (nothing is changed). */
export async function timeDueWorkScan(conn: Connection, now: Date, cfg: ScheduleConfig = scheduleConfig()): Promise<{ ms: number; placements: number; deliveries: number }> {
  const t0 = performance.now();
  const [placements, deliveries] = await Promise.all([dueAgenda(conn, now, nudgeHorizon(cfg, now), 1000), dueDeliveries(conn, now, 500)]);
  const contactIds = [...new Set(deliveries.map((d) => d.contactId))];
  if (contactIds.length) await Contacts(conn).find({ _id: { $in: contactIds } }).lean();
  return { ms: performance.now() - t0, placements: placements.length, deliveries: deliveries.length };
}

