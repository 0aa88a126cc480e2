import type { i18n } from 'i18next';
import { createI18n } from '../content/i18n.ts';
import type { LocalizedText } from '../outbox/deliveries.ts';

/**
 * Proactive messages are rendered when they are enqueued, in both languages (the worker picks the
 * person's language at send time), from content/locales/<lng>/scheduler.json.
 */
let instance: i18n | undefined;

function texts(): i18n {
  instance ??= createI18n();
  return instance;
}

export type Render = (key: string | string[], params?: Record<string, string | number>) => LocalizedText;

/** A renderer giving `{vi, en}` for a key (or several keys joined as paragraphs). */
export async function localizedRenderer(): Promise<Render> {
  const i = texts();
  const one = (lng: 'vi' | 'en', keys: string[], params: Record<string, string | number>) =>
    keys.map((k) => i.t(`scheduler:${k}`, { lng, ...params })).join('\n\n');
  return (key, params = {}) => {
    const keys = Array.isArray(key) ? key : [key];
    return { vi: one('vi', keys, params), en: one('en', keys, params) };
  };
}
