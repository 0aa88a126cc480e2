import type { Connection } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerInterestDialog } from '../../dialogs/register-interest.ts';
import { loadConsent } from '../../src/domain/leads/consent.ts';
import { registerLead } from '../../src/domain/leads/register.ts';
import { Leads } from '../../src/domain/leads/model.ts';
import { Chat, lastButtons, newBot, type Reply } from '../helpers/chat.ts';
import { openTestDb } from '../helpers/db.ts';
import { leadInput } from '../helpers/leads.ts';

/**
 * The consent text now follows the Personal Data Protection Law 91/2025/QH15 (in force
 * 1/1/2026) instead of Decree 13/2023, with a new version. People who agreed to an older
 * version are asked again at their next change of their registration, not before.
 */
const START = 'dialog:registerInterest';
const OLD = '2026-11-v1';
const all = (replies: Reply[]) => replies.map((r) => r.text).join('\n');
const current = loadConsent();

describe('consent asked again after the text changed', () => {
  let conn: Connection;
  const bot = () => newBot(conn, { featureDialogs: [registerInterestDialog] });

  async function registered(userId: string, phoneKey: string, version: string) {
    await registerLead(conn, {
      input: leadInput({ phoneKey }),
      contactId: `zalo:${userId}`,
      consent: { version, at: new Date('2026-11-01T03:00:00Z'), channel: 'zalo' },
      now: new Date('2026-11-01T03:00:00Z'),
    });
  }
  const versionOf = async (userId: string) => (await Leads(conn).findOne({ contactIds: `zalo:${userId}` }).lean())!.consent!.version;

  beforeAll(async () => {
    conn = await openTestDb();
    await registered('old', '84912000701', OLD);
    await registered('old2', '84912000702', OLD);
    await registered('fresh', '84912000703', current.version);
  });

  it('cites the 2025 law and has a new version', () => {
    expect(current.version).not.toBe(OLD);
    expect(current.legalBasis).toMatch(/91\/2025\/QH15/);
    for (const lang of ['vi', 'en'] as const) {
      expect(current.registration[lang]).toMatch(/91\/2025\/QH15/);
      expect(current.registration[lang]).not.toMatch(/13\/2023/);
    }
  });

  it('does not ask when nothing changes ("Giữ nguyên")', async () => {
    const chat = new Chat(bot(), 'old', 'zalo');
    expect(all(await chat.say(START))).toContain('Bạn đã đăng ký rồi');
    await chat.say('Giữ nguyên');
    expect(await versionOf('old')).toBe(OLD);
  });

  it('asks again before a change, then saves the change with the new version', async () => {
    const chat = new Chat(bot(), 'old', 'zalo');
    await chat.say(START);
    const ask = await chat.say('Cập nhật');
    expect(all(ask)).toContain('Nội dung về dữ liệu cá nhân đã thay đổi');
    expect(all(ask)).toContain('Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15');
    expect(lastButtons(ask)).toEqual(['Tôi đồng ý', 'Không đồng ý']);
    await chat.say('Tôi đồng ý');
    await chat.say('Năm sinh');
    await chat.say('1990');
    expect(all(await chat.say('Lưu'))).toContain('Đã cập nhật');
    const lead = await Leads(conn).findOne({ contactIds: 'zalo:old' }).lean();
    expect(lead!.consent!.version).toBe(current.version);
    expect(lead!.birthYear).toBe(1990);
  });

  it('changes nothing when the person does not agree to the new text', async () => {
    const chat = new Chat(bot(), 'old2', 'zalo');
    await chat.say(START);
    await chat.say('Cập nhật');
    expect(all(await chat.say('Không đồng ý'))).toContain('Chúng tôi không thay đổi gì');
    expect(await versionOf('old2')).toBe(OLD);
  });

  it('goes straight to the change for someone who agreed to the current text', async () => {
    const chat = new Chat(bot(), 'fresh', 'zalo');
    await chat.say(START);
    const next = await chat.say('Cập nhật');
    expect(all(next)).not.toContain('91/2025/QH15');
    expect(lastButtons(next)).toContain('Năm sinh');
  });
});
