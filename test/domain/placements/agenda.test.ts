import { describe, expect, it } from 'vitest';
import { Deliveries } from '../../../src/outbox/deliveries.ts';
import { PlacementAgenda, PlacementAgendaLater, writePlacement } from '../../../src/domain/placements/agenda.ts';
import { planFields } from '../../../src/reminders/return-home.ts';
import { Placements } from '../../../src/domain/placements/model.ts';
import { openTestDb, testDbName } from '../../helpers/db.ts';
import { api } from '../../helpers/service.ts';
import { defaultSchedule, fakePlatforms, personWrote, registerWorkerAbroad, seedContact, startSchedulerService, testClock } from '../../helpers/scheduler.ts';

const DAY = 86_400_000;

async function setUp(suffix: string, start: string) {
  const conn = await openTestDb(testDbName(suffix));
  const fakes = await fakePlatforms();
  const clock = testClock(start);
  fakes.graph.now = fakes.zalo.now = () => clock.now().getTime();
  const svc = await startSchedulerService(conn, fakes, clock);
  return { conn, fakes, clock, svc };
}

describe('the placement agenda', () => {
  it('a contract that ended without a confirmed return becomes overdue, and the after-end nudge still goes out', async () => {
    const { conn, fakes, clock, svc } = await setUp('_overdue', '2027-02-20T00:00:00Z');
    const worker = await seedContact(conn, 'messenger', 'psid-overdue', clock.now(), { timeZone: 'Asia/Tokyo' });
    const id = await registerWorkerAbroad(svc.base, { contactId: worker, country: 'JP', timeZone: 'Asia/Tokyo', contractEnd: '2027-03-01' }, '2027-02-20T00:00:00Z');

    // The end date itself and the day's grace after it: still abroad, not overdue.
    await svc.service.scheduler.runTick(clock.set('2027-03-01T12:00:00Z'));
    expect((await api(svc.base, 'GET', `/api/placements/${id}`)).json).toMatchObject({ status: 'abroad' });
    await svc.service.scheduler.runTick(clock.set('2027-03-02T12:00:00Z'));
    expect((await api(svc.base, 'GET', `/api/placements/${id}`)).json).toMatchObject({ status: 'overdue' });

    // Three days after the end, 09:00 Tokyo: the after-end nudge, with the way back to staff.
    const afterEnd = new Date('2027-03-04T00:00:00Z');
    await personWrote(conn, fakes, worker, new Date(afterEnd.getTime() - DAY / 2));
    await svc.service.scheduler.runTick(clock.set(afterEnd));
    expect(fakes.graph.textsTo('psid-overdue')).toHaveLength(1);
    // Nothing left to plan for this placement: its agenda entry is gone.
    expect(await PlacementAgenda(conn).findById(id).lean()).toBeNull();
    expect(await PlacementAgendaLater(conn).findById(id).lean()).toBeNull();
  });

  it('a copy that dies between registering a placement and noting it in the agenda loses no nudge', async () => {
    const { conn, fakes, clock, svc } = await setUp('_crash', '2026-11-01T00:00:00Z');
    const worker = await seedContact(conn, 'messenger', 'psid-crash', clock.now(), { timeZone: 'Asia/Tokyo' });
    const now = clock.now();
    const contractEnd = new Date('2027-03-01T00:00:00Z');
    const Placement = Placements(conn);
    const placement = new Placement({
      contactId: worker,
      country: 'JP',
      timeZone: 'Asia/Tokyo',
      contractEnd,
      consent: { version: 'v1', at: now, channel: 'messenger' },
      registeredBy: 'self',
      status: 'abroad',
      planVersion: 1,
      ...planFields(contractEnd, 'Asia/Tokyo', now, defaultSchedule),
    });
    const died = writePlacement(conn, placement._id, now, async () => {
      await placement.save();
      throw new Error('the copy died here');
    });
    await expect(died).rejects.toThrow('the copy died here');

    // The 90-day nudge is due 1 December 2026, 09:00 Tokyo; the person wrote the day before.
    const due = new Date('2026-12-01T00:00:00Z');
    await personWrote(conn, fakes, worker, new Date(due.getTime() - DAY / 2));
    await svc.service.scheduler.runTick(clock.set(new Date(due.getTime() - 3 * DAY)));
    await svc.service.scheduler.runTick(clock.set(due));
    expect(fakes.graph.textsTo('psid-crash')).toHaveLength(1);
    // And the agenda now points at the next nudge, 60 days before the end, a month away.
    expect(await PlacementAgenda(conn).findById(String(placement._id)).lean()).toBeNull();
    expect(await PlacementAgendaLater(conn).findById(String(placement._id)).lean()).toMatchObject({ nudgeAt: new Date('2026-12-31T00:00:00Z') });
  });

  it('a deleted placement leaves nothing behind: no entry, no nudge', async () => {
    const { conn, fakes, clock, svc } = await setUp('_deleted', '2026-11-01T00:00:00Z');
    const worker = await seedContact(conn, 'messenger', 'psid-deleted', clock.now(), { timeZone: 'Asia/Tokyo' });
    const id = await registerWorkerAbroad(svc.base, { contactId: worker, country: 'JP', timeZone: 'Asia/Tokyo', contractEnd: '2027-03-01' }, '2026-11-01T00:00:00Z');
    // The first nudge is a month away: the entry waits in the later agenda.
    expect(await PlacementAgendaLater(conn).findById(id).lean()).toMatchObject({ nudgeAt: new Date('2026-12-01T00:00:00Z') });
    expect((await api(svc.base, 'DELETE', `/api/placements/${id}`)).status).toBe(204);
    expect(await PlacementAgenda(conn).findById(id).lean()).toBeNull();
    expect(await PlacementAgendaLater(conn).findById(id).lean()).toBeNull();
    await personWrote(conn, fakes, worker, new Date('2026-11-30T12:00:00Z'));
    await svc.service.scheduler.runTick(clock.set('2026-12-01T00:00:00Z'));
    expect(fakes.graph.textsTo('psid-deleted')).toHaveLength(0);
    expect(await Deliveries(conn).countDocuments({ subjectId: id })).toBe(0);
  });
});
