/**
 * An audit or history event in words: the dotted audit vocabulary (`document.submitted`) and the workflow's
 * Updates (`update:document.submit`) each have a sentence; an event this version does not know yet is named as
 * a system event rather than shown as its code.
 */
import { DICTIONARY, type MessageKey } from './dictionary';

export function eventLabel(t: (key: MessageKey) => string, type: string): string {
  const key = `event.${type.replace(/^update:/, 'update.')}`;
  return key in DICTIONARY ? t(key as MessageKey) : t('event.other');
}

/** An Update's outcome other than completed ("failed", "rejected" …), in words. */
export function outcomeLabel(t: (key: MessageKey) => string, outcome: string): string {
  const key = `event.outcome.${outcome}`;
  return key in DICTIONARY ? t(key as MessageKey) : t('event.outcome.other');
}
