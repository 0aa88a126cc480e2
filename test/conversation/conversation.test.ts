import { ComponentDialog, WaterfallDialog } from 'botbuilder-dialogs';
import { describe, expect, it } from 'vitest';
import type { FeatureDialog } from '../../src/conversation/types.ts';
import { Contacts } from '../../src/domain/contacts.ts';
import { Handoffs, listOpenHandoffs, releaseHandoff } from '../../src/domain/handoffs.ts';
import { openTestDb } from '../helpers/db.ts';
import { Chat, lastButtons, manualClock, newBot } from '../helpers/chat.ts';

const conn = await openTestDb();

/** A stand-in for another engineer's feature dialog, registered the way theirs are. */
function featureDialog(id: string, reply: string, extra: Partial<FeatureDialog> = {}): FeatureDialog {
  return {
    id,
    intents: [],
    create: () => {
      const dialog = new ComponentDialog(id);
      dialog.addDialog(
        new WaterfallDialog(`${id}.steps`, [
          async (step) => {
            await step.context.sendActivity(reply);
            return step.endDialog();
          },
        ]),
      );
      return dialog;
    },
    ...extra,
  };
}

describe('talk to staff (handoff)', () => {
  it('hands over, stays silent during the handoff, and answers again after staff release it', async () => {
    const clock = manualClock();
    const chat = new Chat(newBot(conn, {}, clock), 'handoff-release');
    const handedOver = await chat.sayText('dialog:talkToStaff');
    expect(handedOver).toContain('Đã chuyển cuộc trò chuyện cho cán bộ');

    const open = await listOpenHandoffs(conn, clock.now());
    expect(open.map((h) => h.contactId)).toContain('zalo:handoff-release');
    expect((await Contacts(conn).findById('zalo:handoff-release'))!.handoffUntil).toEqual(new Date(clock.now().getTime() + 24 * 3_600_000));

    expect(await chat.say('alo')).toEqual([]);
    expect(await chat.say('con o day khong')).toEqual([]);

    expect(await releaseHandoff(conn, 'zalo:handoff-release', clock.now())).toBe(true);
    expect(await listOpenHandoffs(conn, clock.now())).toEqual([]);
    expect((await Handoffs(conn).find({ contactId: 'zalo:handoff-release' }).lean()).map((h) => h.status)).toEqual(['released']);
    const back = await chat.say('menu');
    expect(back.at(-1)!.text).toBe('Bạn muốn tìm hiểu về điều gì?');
  });

  it('the bot is back by itself when the timeout passes', async () => {
    const clock = manualClock();
    const chat = new Chat(newBot(conn, { handoffHours: 2 }, clock), 'handoff-timeout');
    await chat.say('gặp cán bộ');
    expect(await chat.say('alo')).toEqual([]);
    clock.advanceHours(1.9);
    expect(await chat.say('cho hỏi thêm chút')).toEqual([]);
    clock.advanceHours(0.2);
    expect((await chat.say('menu')).at(-1)!.text).toBe('Bạn muốn tìm hiểu về điều gì?');
  });

  it('asking twice keeps one open handoff', async () => {
    const clock = manualClock();
    const bot = newBot(conn, {}, clock);
    const chat = new Chat(bot, 'handoff-twice');
    await chat.say('dialog:talkToStaff');
    await releaseHandoff(conn, 'zalo:handoff-twice', clock.now());
    await chat.say('dialog:talkToStaff');
    const rows = await Handoffs(conn).find({ contactId: 'zalo:handoff-twice' }).lean();
    expect(rows.map((h) => h.status).sort()).toEqual(['open', 'released']);
  });
});

describe('language', () => {
  it('a switch to English is remembered for the person across a restart (new bot, same database)', async () => {
    const chat = new Chat(newBot(conn), 'lang-user');
    const ask = await chat.say('dialog:language');
    expect(lastButtons(ask)).toEqual(['Tiếng Việt', 'English']);
    const switched = await chat.say('english');
    expect(switched[0]!.text).toBe('Switched to English.');
    expect(switched.at(-1)!.text).toBe('What would you like to know about?');
    expect((await Contacts(conn).findById('zalo:lang-user'))!.language).toBe('en');

    const afterRestart = new Chat(newBot(conn), 'lang-user');
    const menu = await afterRestart.say('menu');
    expect(menu.at(-1)!.text).toBe('What would you like to know about?');
    expect(lastButtons(menu)).toContain('Talk to staff');
    expect(await afterRestart.sayText('intent:fees.deposit')).toMatch(/\nSource: /);

    const otherPerson = new Chat(newBot(conn), 'lang-other');
    expect((await otherPerson.say('menu')).at(-1)!.text).toBe('Bạn muốn tìm hiểu về điều gì?');
  });

  it('switching back to Vietnamese works by number', async () => {
    const chat = new Chat(newBot(conn), 'lang-back');
    await chat.say('dialog:language');
    await chat.say('2');
    await chat.say('dialog:language');
    expect((await chat.say('1'))[0]!.text).toBe('Đã chuyển sang tiếng Việt.');
  });
});

describe('global commands', () => {
  const bot = newBot(conn);

  it('"giup" inside a running dialog helps and asks the same question again', async () => {
    const chat = new Chat(bot, 'cmd-help');
    await chat.say('dialog:feeCheck');
    await chat.say('Hàn Quốc');
    const months = await chat.say('1');
    expect(months.at(-1)!.text).toContain('Hợp đồng lao động dài bao nhiêu tháng');
    const help = await chat.say('giup');
    expect(help[0]!.text).toContain('Lệnh dùng được mọi lúc');
    expect(help.at(-1)!.text).toContain('Hợp đồng lao động dài bao nhiêu tháng');
    // The dialog goes on where it was.
    expect((await chat.say('36')).at(-1)!.text).toContain('Lương theo hợp đồng');
  });

  it('"?" in a submenu shows the help and the same submenu again', async () => {
    const chat = new Chat(bot, 'cmd-help-submenu');
    await chat.say('menu');
    await chat.say('5');
    const help = await chat.say('?');
    expect(help[0]!.text).toContain('Lệnh dùng được mọi lúc');
    expect(help.at(-1)!.text).toBe('Về giấy tờ và thủ tục, bạn muốn biết gì?');
    expect((await chat.say('3')).at(-1)!.text).toBe('Bạn muốn tìm hiểu về điều gì?');
  });

  it.each(['huỷ', 'huy', 'dừng', 'thoat', 'stop'])('"%s" cancels the running dialog', async (word) => {
    const chat = new Chat(bot, `cmd-stop-${word}`);
    await chat.say('dialog:loanGuide');
    expect((await chat.say(word))[0]!.text).toBe('Đã huỷ. Bạn có thể hỏi câu khác hoặc xem danh mục.');
    // The cancelled question is not asked again; a number is no longer an answer to it.
    expect(await chat.sayText('1')).not.toContain('Bạn có thuộc nhóm nào');
  });

  it('"menu" inside a running dialog leaves it for the main menu', async () => {
    const chat = new Chat(bot, 'cmd-menu');
    await chat.say('dialog:feeCheck');
    const menu = await chat.say('MENU');
    expect(menu.at(-1)!.text).toBe('Bạn muốn tìm hiểu về điều gì?');
    expect((await chat.say('2')).at(-1)!.text).toBe('Về chi phí và các khoản phí, bạn muốn biết gì?');
  });

  it('"đúng" (right) is not taken for "dừng" (stop)', async () => {
    const chat = new Chat(bot, 'cmd-dung');
    await chat.say('dialog:feeCheck');
    await chat.say('Hàn Quốc');
    await chat.say('1');
    expect(await chat.sayText('đúng')).not.toContain('Đã huỷ');
  });

  it('a feature dialog\'s own command ("dừng nhắc") reaches it, also inside another dialog', async () => {
    const stopReminders = featureDialog('stopReminders', 'reminders stopped', { commands: ['dừng nhắc', 'huỷ nhắc nhở'] });
    const chat = new Chat(newBot(conn, { featureDialogs: [stopReminders] }), 'cmd-feature');
    await chat.say('dialog:feeCheck');
    expect(await chat.sayText('dung nhac')).toBe('reminders stopped');
    expect(await chat.sayText('Huỷ nhắc nhở!')).toBe('reminders stopped');
  });
});

describe('feature dialog registry', () => {
  it('a registered dialog takes its intent and its menu slot; unregistered feature intents get an honest answer', async () => {
    const leads = featureDialog('registerInterest', 'lead form', { intents: ['lead.register'], menuItem: { key: 'register', title: 'bot:menu.items.register' } });
    const withLeads = new Chat(newBot(conn, { featureDialogs: [leads] }), 'registry-1');
    const menu = await withLeads.say('menu');
    expect(menu.at(-1)!.buttons.find((b) => b.title === 'Đăng ký tư vấn')!.value).toBe('dialog:registerInterest');
    expect(await withLeads.sayText('7')).toBe('lead form');
    expect(await withLeads.sayText('intent:lead.register')).toBe('lead form');

    const without = new Chat(newBot(conn), 'registry-2');
    const notYet = await without.say('intent:lead.register');
    expect(notYet.at(-1)!.text).toContain('chưa sẵn sàng');
    expect(lastButtons(notYet)).toEqual(['Gặp cán bộ', 'Danh mục']);
  });
});

describe('turn errors', () => {
  it('a failing dialog gets a localised apology, the conversation is reset, and the next message works', async () => {
    const broken: FeatureDialog = {
      id: 'broken',
      intents: [],
      commands: ['boom'],
      create: () => {
        const dialog = new ComponentDialog('broken');
        dialog.addDialog(
          new WaterfallDialog('broken.steps', [
            async () => {
              throw new Error('dialog bug');
            },
          ]),
        );
        return dialog;
      },
    };
    const chat = new Chat(newBot(conn, { featureDialogs: [broken] }), 'error-user');
    await chat.say('dialog:feeCheck');
    expect(await chat.sayText('boom')).toBe('Xin lỗi, hệ thống vừa gặp lỗi. Bạn hãy thử lại, hoặc gõ "menu" để bắt đầu lại.');
    expect((await chat.say('menu')).at(-1)!.text).toBe('Bạn muốn tìm hiểu về điều gì?');
  });
});
