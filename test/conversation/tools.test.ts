import { describe, expect, it } from 'vitest';
import { openTestDb } from '../helpers/db.ts';
import { featureDialogs } from '../../dialogs/index.ts';
import type { Matcher } from '../../src/content/index.ts';
import { Chat, content, lastButtons, newBot } from '../helpers/chat.ts';

const conn = await openTestDb();
const bot = newBot(conn);

describe('fee check', () => {
  it('a fee above the legal cap is flagged, with the excess, marked as guidance, with its source', async () => {
    const chat = new Chat(bot, 'fee-over');
    const start = await chat.say('dialog:feeCheck');
    expect(start.at(-1)!.text).toBe('Bạn định đi làm việc ở đâu?');
    expect(lastButtons(start)).toContain('Đài Loan');
    const job = await chat.say('dai loan');
    expect(job.at(-1)!.text).toBe('Bạn sẽ làm công việc gì?');
    const farm = content().fees.serviceFeeCaps.find((c) => c.id === 'taiwan_home_farm_fishing')!;
    const index = job.at(-1)!.buttons.findIndex((b) => b.value === farm.id);
    await chat.say(String(index + 1));
    await chat.say('3 năm');
    await chat.say('30 triệu');
    const result = await chat.sayText('60 trieu');
    // 0.4 month per 12 months, at most 1 month for ≥ 36 months → 30,000,000.
    expect(result).toContain('⚠️ Kết quả tham khảo');
    expect(result).toContain('Mức tối đa: 30.000.000 đồng (1 tháng lương).');
    expect(result).toContain('Công ty đòi 60.000.000 đồng: cao hơn mức tối đa, vượt 30.000.000 đồng.');
    expect(result).toMatch(/Nguồn: .*Thông tư 02\/2024/);
  });

  it('a fee within the general cap is said to be within it', async () => {
    const chat = new Chat(bot, 'fee-under');
    await chat.say('dialog:feeCheck');
    const job = await chat.say('Nhật Bản');
    const general = job.at(-1)!.buttons.findIndex((b) => b.value === 'general');
    await chat.say(String(general + 1));
    await chat.say('36');
    await chat.say('30.000.000');
    const result = await chat.sayText('80 triệu');
    expect(result).toContain('Mức tối đa: 90.000.000 đồng (3 tháng lương).');
    expect(result).toContain('Công ty đòi 80.000.000 đồng: không cao hơn mức tối đa.');
    expect(result).toMatch(/Nguồn: .*69\/2020/);
  });

  it('an unknown market is compared with the general cap of the law, and says so', async () => {
    const chat = new Chat(bot, 'fee-unknown');
    await chat.say('dialog:feeCheck');
    const job = await chat.say('Mông Cổ');
    expect(job.map((r) => r.text).join('\n')).toContain('chưa có mức phí riêng cho nơi này');
    await chat.say(String(job.at(-1)!.buttons.findIndex((b) => b.value === 'general') + 1));
    await chat.say('24 thang');
    await chat.say('20tr');
    const result = await chat.sayText('50 triệu');
    expect(result).toContain('Mức tối đa: 40.000.000 đồng (2 tháng lương).');
    expect(result).toContain('cao hơn mức tối đa, vượt 10.000.000 đồng');
    expect(result).toContain('mức tối đa thấp hơn mức chung');
    expect(result).toContain('Nguồn: ');
  });

  it('an answer that is not a number is asked again', async () => {
    const chat = new Chat(bot, 'fee-retry');
    await chat.say('dialog:feeCheck');
    await chat.say('Hàn Quốc');
    await chat.say('1');
    expect(await chat.sayText('lau lam')).toContain('Bạn hãy gõ số tháng của hợp đồng');
  });
});

describe('loan guide', () => {
  it('asks route, group and costs, then gives amount, interest, collateral, where to apply and sources', async () => {
    const chat = new Chat(bot, 'loan');
    const loan = content().loans.bankLoan;
    const first = await chat.say('dialog:loanGuide');
    expect(first.map((r) => r.text).join('\n')).toContain(loan.legalBasis);
    const groups = await chat.say('1');
    expect(lastButtons(groups)).toContain(loan.priorityGroups[0]!.name.vi);
    await chat.say('Không thuộc nhóm nào');
    const result = await chat.sayText('250 triệu');
    expect(result).toContain('⚠️ Ước tính tham khảo');
    expect(result).toContain('Vay tối đa khoảng 250.000.000 đồng');
    expect(result).toContain('cần tài sản bảo đảm');
    const general = Math.round(loan.interest.poorHouseholdRatePercent * loan.interest.generalPercentOfPoorRate) / 100;
    expect(result).toContain(`${String(general).replace('.', ',')} %/năm`);
    expect(result).toContain(loan.whereToApply.vi);
    expect(result).toContain('Nguồn: ');
    // Short enough for a phone: each fact once, the unconfirmed mark explained once.
    const lines = result.split('\n');
    expect(lines.length).toBeLessThanOrEqual(8);
    expect(result.match(/Cán bộ đang xác nhận|chưa được xác nhận/g)).toHaveLength(1);
    expect(result.match(/%\/năm/g)).toHaveLength(1);
  });

  it('offers "hộ cận nghèo" and gives the interest a month as well as a year', async () => {
    const chat = new Chat(bot, 'loan-near-poor');
    await chat.say('dialog:loanGuide');
    const groups = await chat.say('qua cong ty');
    expect(lastButtons(groups)).toContain('Hộ cận nghèo');
    await chat.say('ho can ngheo');
    const result = await chat.sayText('120 trieu');
    expect(result).toMatch(/%\/năm\* \(khoảng 0,66 %\/tháng, tức chừng 792\.000 đồng mỗi tháng\)/);
    expect(result).toContain('hộ cận nghèo có được lãi thấp hơn không*');
  });

  it('a priority group gets the poor-household rate', async () => {
    const chat = new Chat(bot, 'loan-priority');
    const loan = content().loans.bankLoan;
    await chat.say('dialog:loanGuide');
    await chat.say('qua cong ty');
    await chat.say('1');
    const result = await chat.sayText('100 trieu');
    expect(result).toContain(`${String(loan.interest.poorHouseholdRatePercent).replace('.', ',')} %/năm`);
    expect(result).toContain('không cần tài sản bảo đảm');
  });
});

describe('fee check from the question itself', () => {
  it('"bị đòi 95 triệu tiền dịch vụ đi Nhật 3 năm, lương 32 triệu" asks only for the job, then compares', async () => {
    const chat = new Chat(bot, 'fee-from-text');
    const first = await chat.say('bị đòi 95 triệu tiền dịch vụ đi Nhật 3 năm, lương 32 triệu, có quá không');
    expect(first.at(-1)!.text).toBe('Bạn sẽ làm công việc gì?');
    const general = first.at(-1)!.buttons.findIndex((b) => b.value === 'general');
    const result = await chat.sayText(String(general + 1));
    // 3 months of salary at most for 36 months: 96,000,000 đồng; 95 million is within it.
    expect(result).toContain('Mức tối đa: 96.000.000 đồng (3 tháng lương).');
    expect(result).toContain('không cao hơn mức tối đa');
    expect(result).toContain('Nguồn: ');
  });

  it('an amount in dollars names the market and asks the rest, explaining why it asks the amount in đồng', async () => {
    const chat = new Chat(bot, 'fee-usd');
    const first = await chat.say('cty doi 7000 usd phi dich vu di dai loan co dung luat ko');
    expect(first.at(-1)!.text).toBe('Bạn sẽ làm công việc gì?');
    await chat.say('1');
    await chat.say('3 nam');
    const amount = await chat.sayText('20 trieu');
    expect(amount).toContain('7000 USD');
    expect(amount).toContain('Công ty đòi bạn bao nhiêu tiền dịch vụ?');
  });
});

describe('not sure what was asked', () => {
  it('asks one short question with the likeliest topics as buttons, then the menu and staff', async () => {
    // The dialog's side of "not confident", whatever the model: a matcher that is never sure.
    const unsure: Matcher = {
      match: () => ({
        intent: 'fees.deposit',
        faqId: 'fees.deposit.caps',
        score: 0.4,
        confident: false,
        guesses: [
          { intent: 'fees.deposit', faqId: 'fees.deposit.caps', score: 0.4 },
          { intent: 'loans.bank', faqId: 'loans.bank.amount', score: 0.3 },
          { intent: 'lead.register', faqId: 'lead.register', score: 0.2 },
        ],
      }),
    };
    const chat = new Chat(newBot(conn, { matcher: unsure }), 'clarify');
    const replies = await chat.say('tien coc vay the nao');
    const text = replies.map((r) => r.text).join('\n');
    expect(text).toContain('Tôi chưa chắc bạn hỏi về việc nào');
    expect(text).not.toContain('Nguồn:');
    const faq = (id: string) => content().faq.find((e) => e.id === id)!.question.vi;
    expect(lastButtons(replies)).toEqual([faq('fees.deposit.caps'), faq('loans.bank.amount'), faq('lead.register'), 'Danh mục', 'Gặp cán bộ']);
    // Pressing a topic answers it; pressing the registration starts the registration.
    expect(await chat.sayText('1')).toContain('Nguồn:');
    const again = new Chat(newBot(conn, { matcher: unsure, featureDialogs }), 'clarify-2');
    await again.say('tien coc vay the nao');
    const reg = await again.say('3');
    expect(lastButtons(reg)).toContain('Tôi đồng ý');
  });
});

describe('deposit check from the question itself', () => {
  it('"bắt đặt cọc 50 triệu đi Hàn" is compared with Korea\'s deposit cap, with what a lawful deposit is', async () => {
    const chat = new Chat(bot, 'deposit-korea');
    const replies = await chat.say('cong ty bat dat coc 50 trieu di han quoc lam nha may co dung khong');
    const text = replies.map((r) => r.text).join('\n');
    expect(text).toContain('Kiểm tra tiền ký quỹ');
    expect(text).toContain('Mức tối đa: 36.000.000 đồng. Công ty đòi 50.000.000 đồng: cao hơn mức tối đa, vượt 14.000.000 đồng.');
    expect(text).toContain('tài khoản phong toả đứng tên bạn');
    expect(text).toMatch(/Nguồn: .*112\/2021/);
  });

  it('a deposit asked for Japan is refused outright, and a ship job is found by its words', async () => {
    const japan = new Chat(bot, 'deposit-japan');
    expect((await japan.sayText('ky quy di nhat 20 trieu co phai nop ko'))).toContain('Công ty đòi 20.000.000 đồng tiền ký quỹ: đi diện này người lao động không phải ký quỹ.');
    const ship = new Chat(bot, 'deposit-ship');
    const asked = await ship.say('đi Đài Loan làm thuyền viên tàu cá xa bờ bị đòi tiền cọc 10 triệu');
    expect(asked.map((r) => r.text).join('\n')).toContain('Thuyền viên tàu cá xa bờ, tàu vận tải');
    expect(asked.map((r) => r.text).join('\n')).toContain('không phải ký quỹ');
  });
});

describe('the fee check reads jobs and results as people say them', () => {
  it('"làm nhà máy" is the general cap; the result says the cap once and the excess as an excess', async () => {
    const chat = new Chat(bot, 'fee-factory');
    const result = await chat.sayText('cty doi 150 trieu phi dich vu di dai loan lam nha may 3 nam luong 24 trieu');
    expect(result).toContain('Mức tối đa: 72.000.000 đồng (3 tháng lương).');
    expect(result).toContain('Công ty đòi 150.000.000 đồng: cao hơn mức tối đa, vượt 78.000.000 đồng.');
    expect(result.match(/Mức tối đa/g)).toHaveLength(1);
  });

  it('a job typed in everyday words at the job question is understood', async () => {
    const chat = new Chat(bot, 'fee-typed-job');
    await chat.say('dialog:feeCheck');
    await chat.say('dai loan');
    const months = await chat.say('xuong dien tu');
    expect(months.at(-1)!.text).toContain('Hợp đồng lao động dài bao nhiêu tháng?');
  });
});
