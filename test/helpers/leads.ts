import type { Connection } from 'mongoose';
import { Contacts } from '../../src/domain/contacts.ts';
import type { ConsentRecord, LeadInput } from '../../src/domain/leads/model.ts';

/** Test numbers are made up; tests never print them (test names use indexes, not numbers). */
export const PHONE_A = '84912000111';
export const PHONE_B = '84386000222';

export function leadInput(overrides: Partial<LeadInput> = {}): LeadInput {
  return {
    fullName: 'Nguyễn Thị Hoà',
    birthYear: 1998,
    phoneKey: PHONE_A,
    communeId: 'vu_lang',
    markets: ['japan', 'korea'],
    education: 'upper_secondary',
    hasPassport: false,
    wantsLoan: true,
    ...overrides,
  };
}

export const consent = (channel: ConsentRecord['channel'] = 'zalo', at = new Date('2026-11-01T03:00:00Z')): ConsentRecord => ({
  version: 'test-v1',
  at,
  channel,
});

export async function createContact(conn: Connection, id: string, at = new Date('2026-11-01T03:00:00Z'), displayName = 'Hoà Nguyễn') {
  const [channel, userId] = id.split(':') as ['messenger' | 'zalo' | 'console', string];
  await Contacts(conn).create({ _id: id, channel, userId, displayName, firstInboundAt: at, lastInboundAt: at });
}
