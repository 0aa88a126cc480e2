import { describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder-core';
import { renderMessenger } from '../../src/channels/messenger/render.ts';
import { splitText } from '../../src/channels/render.ts';
import { renderZalo } from '../../src/channels/zalo/render.ts';

const actions = (n: number, title = (i: number) => `Lựa chọn ${i + 1}`): Partial<Activity> => ({
  text: 'Chọn một mục:',
  suggestedActions: { to: [], actions: Array.from({ length: n }, (_, i) => ({ type: 'imBack', title: title(i), value: `v${i + 1}` })) },
});

describe('splitting long text', () => {
  it('keeps every chunk within the limit and cuts after sentences', () => {
    const sentence = 'Người lao động cần hợp đồng hợp pháp trước khi xuất cảnh. ';
    const text = sentence.repeat(80);
    const chunks = splitText(text, 2000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect([...c].length).toBeLessThanOrEqual(2000);
      expect(c.endsWith('xuất cảnh.')).toBe(true);
    }
    expect(chunks.join(' ')).toBe(text.trim());
  });

  it('cuts a text without spaces at the limit, never inside a character', () => {
    const chunks = splitText('ạ'.repeat(4500), 2000);
    expect(chunks.map((c) => [...c].length)).toEqual([2000, 2000, 500]);
  });
});

describe('Messenger rendering', () => {
  it('turns up to 13 suggested actions into quick replies with titles cut to 20 characters', () => {
    const [msg] = renderMessenger(actions(3, (i) => (i === 0 ? 'Thị trường Nhật Bản và Hàn Quốc' : `Mục ${i}`)));
    expect(msg!.text).toBe('Chọn một mục:');
    expect(msg!.quick_replies).toHaveLength(3);
    expect([...msg!.quick_replies![0]!.title].length).toBeLessThanOrEqual(20);
    expect(msg!.quick_replies![0]!.payload).toBe('v1');
  });

  it('falls back to a numbered list beyond 13 choices', () => {
    const [msg] = renderMessenger(actions(14));
    expect(msg!.quick_replies).toBeUndefined();
    expect(msg!.text).toContain('1. Lựa chọn 1');
    expect(msg!.text).toContain('14. Lựa chọn 14');
  });

  it('puts quick replies on the last part of a long text', () => {
    const msgs = renderMessenger({ ...actions(2), text: 'Câu dài. '.repeat(400) });
    expect(msgs.length).toBe(2);
    expect(msgs[0]!.quick_replies).toBeUndefined();
    expect(msgs[1]!.quick_replies).toHaveLength(2);
  });
});

describe('Zalo rendering', () => {
  it('shows up to 5 choices as query buttons (a tap sends the title back) and more as a numbered list', () => {
    const [withButtons] = renderZalo(actions(5));
    expect(withButtons!.attachment?.payload).toMatchObject({ buttons: [{ title: 'Lựa chọn 1', type: 'oa.query.show', payload: 'Lựa chọn 1' }, {}, {}, {}, {}] });
    const [asList] = renderZalo(actions(6));
    expect(asList!.attachment).toBeUndefined();
    expect(asList!.text).toContain('6. Lựa chọn 6');
  });

  it('numbers the choices in the text as well, for Zalo PC and web, which show no buttons', () => {
    const [m] = renderZalo(actions(2));
    expect(m!.text).toBe('Chọn một mục:\n\n1. Lựa chọn 1\n2. Lựa chọn 2');
    expect(m!.attachment?.payload).toMatchObject({ buttons: [{ title: 'Lựa chọn 1' }, { title: 'Lựa chọn 2' }] });
    // Buttons with no question: the list is the text.
    const [bare] = renderZalo({ suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Có', value: 'yes' }] } });
    expect(bare).toMatchObject({ text: '1. Có', attachment: { payload: { buttons: [{ title: 'Có' }] } } });
  });
});
