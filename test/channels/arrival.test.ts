import { describe, expect, it } from 'vitest';
import { ChannelAdapter } from '../../src/channels/adapter.ts';
import type { InboundEvent } from '../../src/channels/inbox/event.ts';
import { isArrival } from '../../src/conversation/platform-events.ts';

const adapter = new ChannelAdapter({ channelId: 'zalo', deliver: async () => [], typing: async () => undefined });
const event = (kind: InboundEvent['kind']): InboundEvent => ({ channel: 'zalo', key: `${kind}:u:1`, accountId: 'oa', userId: 'u', kind, occurredAt: 1, interaction: true });

describe('a person arriving, whatever the platform calls it', () => {
  it('the dialogs see a Get Started tap and a follow as an arrival, and nothing else', () => {
    expect(isArrival(adapter.toActivity(event('get_started'), 'vi'))).toBe(true);
    // Zalo's follow keeps its own event name (staff tools and tests see "follow") and is still an arrival.
    const follow = adapter.toActivity(event('follow'), 'vi');
    expect(follow.name).toBe('follow');
    expect(isArrival(follow)).toBe(true);
    expect(isArrival(adapter.toActivity(event('unfollow'), 'vi'))).toBe(false);
    expect(isArrival(adapter.toActivity({ ...event('text'), text: 'getStarted' }, 'vi'))).toBe(false);
  });
});
