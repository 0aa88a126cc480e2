import { intentSchema } from '../content/index.ts';
import type { NextStep } from './types.ts';

/**
 * Button values are plain strings so they survive every platform: `menu`, `faq:<id>`,
 * `intent:<name>`, `dialog:<id>`, `topic:<key>`. Quick-reply payloads come back as these values.
 */
export const buttonValue = {
  menu: 'menu',
  faq: (faqId: string) => `faq:${faqId}`,
  intent: (intent: string) => `intent:${intent}`,
  dialog: (id: string) => `dialog:${id}`,
  topic: (key: string) => `topic:${key}`,
};

/** The step a button value asks for, or undefined when the text is not a button value. */
export function nextStepOfValue(value: string): NextStep | undefined {
  if (value === buttonValue.menu) return { kind: 'menu' };
  const m = /^(faq|intent|dialog|topic):([\w.-]+)$/.exec(value);
  if (!m) return undefined;
  const [, kind, arg] = m as unknown as [string, string, string];
  switch (kind) {
    case 'faq':
      return { kind: 'faq', faqId: arg };
    case 'intent': {
      const intent = intentSchema.safeParse(arg);
      return intent.success ? { kind: 'intent', intent: intent.data } : undefined;
    }
    case 'dialog':
      return { kind: 'dialog', id: arg };
    default:
      return { kind: 'topic', topic: arg };
  }
}
