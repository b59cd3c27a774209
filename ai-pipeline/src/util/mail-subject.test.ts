import { describe, expect, it } from 'vitest';
import { isForwardSubject, isReplySubject } from './mail-subject.js';

describe('mail subject prefixes', () => {
  it('reads Spanish Outlook "RV:" and Italian "I:" as forwards, not replies', () => {
    expect(isReplySubject('RV: Problema de sincronización')).toBe(false);
    expect(isForwardSubject('RV: Problema de sincronización')).toBe(true);
    expect(isReplySubject('I: Sincronizzazione tablet')).toBe(false);
    expect(isForwardSubject('I: Sincronizzazione tablet')).toBe(true);
    expect(isForwardSubject('Re: RV: reembolso')).toBe(true);
  });

  it('reads reply prefixes in the languages served, with a count, as replies and not as forwards', () => {
    for (const subject of ['Re: export', 'AW: Export', 'Antw: export', 'SV: export', 'R: esportazione', 'Res: exportação', 'Re[2]: export', 'AW [3]: Export']) {
      expect(isReplySubject(subject), subject).toBe(true);
      expect(isForwardSubject(subject), subject).toBe(false);
    }
    for (const subject of ['Fwd: export', 'FW: export', 'WG: Export', 'Doorst: export', 'TR: export', 'Inoltro: export', 'Enc: exportação', 'VB: export']) {
      expect(isReplySubject(subject), subject).toBe(false);
      expect(isForwardSubject(subject), subject).toBe(true);
    }
  });

  it('does not read a word that merely starts like a prefix as one', () => {
    for (const subject of ['Reembolso', 'Rv tablet', 'Refund: please', 'Invoice: 2026-11', 'Trial ended', 'Ideas: export']) {
      expect(isReplySubject(subject), subject).toBe(false);
      expect(isForwardSubject(subject), subject).toBe(false);
    }
  });
});
