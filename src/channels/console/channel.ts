import type { Channel } from '../channel.ts';

export const CONSOLE_CHANNEL_ID = 'console';

/**
 * The terminal channel (`npm run chat`, src/channels/console/chat.ts): a person at the keyboard,
 * no webhook and no platform. It is never on inside the service, so it has no routes and nothing
 * is sent to console contacts proactively; it is in the registry so its id is a known channel.
 */
export const consoleChannel: Channel = {
  id: CONSOLE_CHANNEL_ID,
  // The terminal has no messaging window; a year keeps "closes at" far away for staff.
  windowMs: 365 * 24 * 3_600_000,
  ratePerSecond: 100,
  isOn: () => false,
  offNote: 'runs in the terminal only (npm run chat)',
  create() {
    throw new Error('the console channel runs in the terminal (npm run chat), not inside the service');
  },
};
