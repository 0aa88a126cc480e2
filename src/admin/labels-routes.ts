import { z } from 'zod';
import { loadContent, type Content } from '../content/index.ts';
import { labelGroups } from '../domain/leads/labels.ts';
import type { Outbound } from '../outbox/sender.ts';
import { channelIdSchema } from '../domain/contacts.ts';
import type { AdminApi } from './api.ts';
import { roleSchema } from './auth.ts';

const group = z.record(z.string(), z.string());
const groups = z.object({ market: group, education: group, household: group, leadStatus: group });

const labelsView = z.object({
  timeZone: z.string().describe('the office time zone (TZ_DEFAULT): the console enters and shows times in it'),
  channelsOn: z.array(channelIdSchema).describe('platforms whose credentials are set in this service'),
  communes: z.array(z.object({ id: z.string(), name: z.object({ vi: z.string(), en: z.string() }), formedFrom: z.array(z.string()) })),
  vi: groups,
  en: groups,
  role: roleSchema.describe("the caller's role: the console offers only what that role may do"),
});

/**
 * What the console needs to show names instead of codes (communes with their former names,
 * markets, education, household, lead statuses), the office time zone, and which channels are on.
 */
export function registerLabelRoutes(api: AdminApi, deps: { content?: Content; outbound: Outbound }): void {
  const content = deps.content ?? loadContent();
  const answer: Omit<z.infer<typeof labelsView>, 'role'> = {
    timeZone: api.ctx.config.tzDefault,
    channelsOn: Object.keys(deps.outbound).filter((c) => deps.outbound[c] !== undefined),
    communes: content.communes.communes.map((c) => ({ id: c.id, name: { vi: c.name.vi, en: c.name.en }, formedFrom: [...c.formedFrom] })),
    vi: labelGroups('vi'),
    en: labelGroups('en'),
  };
  api.route(
    { method: 'get', path: '/labels', summary: 'Names for codes (communes, markets, education, household, statuses), the office time zone and the channels that are on', tag: 'console', role: 'staff', response: labelsView },
    async ({ actor }) => ({ ...answer, role: actor.role }),
  );
}
