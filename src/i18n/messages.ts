import { en, type Messages } from './en.js';
import type { Lang } from './lang.js';

/** The catalogue of a language: English is always there; Spanish is loaded only when asked for. */
export async function messagesFor(lang: Lang): Promise<Messages> {
  return lang === 'es' ? (await import('./es.js')).es : en;
}
