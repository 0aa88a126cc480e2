import path from 'node:path';
import { z } from 'zod';
import { defaultContentDir, readContentFile } from '../content/read.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:mm');
const stepId = z.string().regex(/^[a-z0-9_-]{1,20}$/, 'must be a short id of a-z, 0-9, _ or -');

/** content/reminders.json: when reminders and nudges go out (staff-editable). */
export const scheduleConfigSchema = z.object({
  _comment: z.string().optional(),
  quietHours: z.object({ start: hhmm, end: hhmm }),
  conferenceReminders: z
    .array(
      z.object({
        id: stepId,
        daysBefore: z.number().int().min(0).max(60),
        /** Local time on that day; without it, the conference's own time of day. */
        at: hhmm.optional(),
      }),
    )
    .refine((a) => new Set(a.map((r) => r.id)).size === a.length, 'ids must be unique'),
  returnNudges: z.object({
    /** Local time of day (worker's zone) a nudge is due. */
    localTime: hhmm,
    /** How many days early a nudge may go out while the platform's window is still open. */
    earlyDays: z.number().int().min(0).max(14),
    steps: z
      .array(z.object({ id: stepId, daysFromEnd: z.number().int().min(-365).max(60) }))
      .min(1)
      .refine((a) => new Set(a.map((r) => r.id)).size === a.length, 'ids must be unique')
      .refine((a) => a.every((s, i) => i === 0 || s.daysFromEnd > a[i - 1]!.daysFromEnd), 'steps must be in time order'),
  }),
});
export type ScheduleConfig = z.infer<typeof scheduleConfigSchema>;

export function loadScheduleConfig(contentDir = defaultContentDir): ScheduleConfig {
  return readContentFile(path.join(contentDir, 'reminders.json'), scheduleConfigSchema);
}

let cached: ScheduleConfig | undefined;

/** The schedule in force: the content file's, read once (content is read-only while the service runs). */
export function scheduleConfig(): ScheduleConfig {
  cached ??= loadScheduleConfig();
  return cached;
}

/** Replaces the schedule for this process (the scheduler feature's `schedule` option: tests, tools). */
export function useScheduleConfig(cfg: ScheduleConfig): void {
  cached = scheduleConfigSchema.parse(cfg);
}
