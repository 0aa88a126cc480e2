import { describe, expect, it } from 'vitest';
import { seedSchedulerData, timeDueWorkScan } from '../../src/reminders/bench-hooks.ts';
import { Contacts } from '../../src/domain/contacts.ts';
import { Placements } from '../../src/domain/placements/model.ts';
import { openTestDb } from '../helpers/db.ts';
import { defaultSchedule } from '../helpers/scheduler.ts';

const conn = await openTestDb();

describe('benchmark hooks', () => {
  it('seed contacts and placements with some nudges due, and find exactly the placements due in a scan', async () => {
    const now = new Date('2026-11-24T03:00:00Z');
    await seedSchedulerData(conn, { contacts: 1500, placements: 800, now, cfg: defaultSchedule });
    expect(await Contacts(conn).countDocuments()).toBe(1500);
    expect(await Placements(conn).countDocuments()).toBe(800);
    // Three days on, nudges of contracts ending about 90/60/30/7 days later come into the window.
    const later = new Date(now.getTime() + 3 * 86_400_000);
    const scan = await timeDueWorkScan(conn, later, defaultSchedule);
    expect(scan.placements).toBeGreaterThan(0);
    const horizon = new Date(later.getTime() + defaultSchedule.returnNudges.earlyDays * 86_400_000);
    // Due: a nudge within the early-send allowance, or a contract that ended over a day ago.
    const overdueBy = new Date(later.getTime() - 86_400_000);
    expect(scan.placements).toBe(await Placements(conn).countDocuments({ $or: [{ nextNudgeAt: { $lte: horizon } }, { status: 'abroad', contractEnd: { $lte: overdueBy } }] }));
    expect(scan.deliveries).toBe(0);
  });
});
