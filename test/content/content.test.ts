import { describe, expect, it } from 'vitest';
import { findFaq, formatAnswer, INTENTS, loadContent } from '../../src/content/index.ts';

const content = loadContent();

describe('content as shipped', () => {
  it('has an FAQ entry for every contract intent except unknown', () => {
    const covered = new Set(content.faq.map((e) => e.intent));
    const missing = INTENTS.filter((i) => i !== 'unknown' && !covered.has(i));
    expect(missing).toEqual([]);
  });

  it('gives every factual entry at least one source and every entry a review date', () => {
    const withoutSource = content.faq.filter((e) => e.factual && e.sources.length === 0).map((e) => e.id);
    const withoutDate = content.faq.filter((e) => !/^\d{4}-\d{2}-\d{2}$/.test(e.reviewedAt)).map((e) => e.id);
    expect(withoutSource).toEqual([]);
    expect(withoutDate).toEqual([]);
    // Only entries about the bot itself may be non-factual; anything about law or money must cite.
    const nonFactual = new Set(content.faq.filter((e) => !e.factual).map((e) => e.intent));
    expect([...nonFactual].sort()).toEqual(['conference.info', 'greeting', 'handoff.human', 'lead.register', 'menu', 'privacy.erase']);
  });

  it('ends every factual answer with its source line, in both languages', () => {
    for (const entry of content.faq.filter((e) => e.factual)) {
      const vi = formatAnswer(entry, 'vi').split('\n').at(-1)!;
      const en = formatAnswer(entry, 'en').split('\n').at(-1)!;
      expect(vi, entry.id).toMatch(/^Nguồn: \S/);
      expect(en, entry.id).toMatch(/^Source: \S/);
    }
    const loan = findFaq(content, 'loans.bank.amount')!;
    expect(formatAnswer(loan, 'vi')).toContain('Nguồn: Nghị định 338/2025/NĐ-CP');
  });

  it('shows no source line on answers about the bot itself', () => {
    const hello = findFaq(content, 'greeting.hello')!;
    expect(formatAnswer(hello, 'vi')).not.toContain('Nguồn');
  });

  it('resolves hotline references to the numbers in operator.json', () => {
    const text = content.faq.map((e) => `${e.answer.vi} ${e.answer.en}`).join(' ');
    expect(text).not.toContain('{hotline:');
    const mofa = content.operator.hotlines.find((h) => h.id === 'mofa_citizen_protection')!;
    expect(findFaq(content, 'rights.complaint.abroad')!.answer.vi).toContain(mofa.number);
  });

  it('uses the names in force: no district offices or labour ministry presented as current', () => {
    for (const e of content.faq) {
      for (const text of [e.answer.vi]) {
        expect(text, e.id).not.toMatch(/Sở LĐTBXH|Phòng LĐTBXH|Sở Lao động/);
        // "huyện Bắc Sơn" only as the former district.
        for (const m of text.matchAll(/huyện Bắc Sơn(.{0,4})/g)) expect(m[1], e.id).toMatch(/^ cũ/);
      }
      if (e.answer.vi.includes('Bộ Lao động')) expect(e.answer.vi, e.id).toMatch(/nhập vào Bộ Nội vụ|trước đây/);
    }
  });

  it('lists the six communes of the former Bắc Sơn district with ASCII ids', () => {
    expect(content.communes.communes.map((c) => c.id)).toEqual(['bac_son', 'hung_vu', 'vu_lang', 'nhat_hoa', 'vu_le', 'tan_tri']);
    expect(content.communes.communes.map((c) => c.name.vi)).toContain('Xã Nhất Hòa');
  });

  it('carries the plan targets staff report against', () => {
    const byId = Object.fromEntries(content.plan.yearlyTargets.map((t) => [t.id, t]));
    expect(byId.chongzuo!.minPerYear).toBe(100);
    expect(byId.chongzuo!.markets).toEqual(['china_chongzuo']);
    expect(byId.other_countries!.minPerYear).toBe(30);
    expect(content.plan.growthPercentPerYear).toEqual({ min: 10, max: 15 });
    expect(content.plan.reportingDeadlines.map((d) => `${d.day}/${d.month}`)).toEqual(['15/6', '15/12']);
  });

  it('models the service-fee caps of Law 69/2020 and Circular 02/2024, including long contracts', () => {
    const cap = (id: string) => content.fees.serviceFeeCaps.find((c) => c.id === id)!;
    expect(cap('general')).toMatchObject({ market: 'all', value: 1, perContractMonths: 12, longContract: { fromMonths: 36, maxMonths: 3 } });
    expect(cap('taiwan_home_farm_fishing')).toMatchObject({ market: 'taiwan', value: 0.4, longContract: { fromMonths: 36, maxMonths: 1 } });
    expect(cap('japan_intern_3')).toMatchObject({ market: 'japan', value: 0 });
    expect(cap('middle_east_domestic').value).toBe(0);
  });

  it('models the worker deposit caps of Decree 112/2021', () => {
    const dep = (id: string) => content.fees.depositCaps.find((c) => c.id === id)!;
    expect(dep('taiwan_other')).toMatchObject({ capType: 'vnd', value: 12_000_000 });
    expect(dep('korea_other')).toMatchObject({ capType: 'vnd', value: 36_000_000 });
    expect(dep('japan_all').capType).toBe('none');
    expect(dep('other_all').capType).toBe('air_ticket');
  });

  it('describes the 2026 loan rule (Decree 338/2025) and flags what is unconfirmed', () => {
    const loan = content.loans.bankLoan;
    expect(loan.legalBasis).toBe('Nghị định 338/2025/NĐ-CP');
    expect(loan.maxAmount.percentOfPreDepartureCosts).toBe(100);
    expect(loan.collateralAboveVnd).toBe(200_000_000);
    expect(loan.priorityListComplete).toBe(false);
    expect(loan.documents.every((d) => d.confirmed === false)).toBe(true);
  });

  it('marks hotlines that may have changed as unconfirmed', () => {
    const dolab = content.operator.hotlines.find((h) => h.id === 'dolab')!;
    expect(dolab.confirmed).toBe(false);
  });
});
