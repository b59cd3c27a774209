import { describe, expect, it } from 'vitest';
import { addBusinessSeconds, businessSecondsBetween } from './business-hours.js';
import { parseSlaConfig } from './config.js';

const zurich = parseSlaConfig({ business_hours: { tz: 'Europe/Zurich', days: 'mon-fri', from: '08:00', to: '18:00' } }).businessHours!;
const h = (n: number) => n * 3600;

describe('businessSecondsBetween (Europe/Zurich, mon-fri 08:00-18:00)', () => {
  // 2026-03-27 is a Friday; Zurich switches to summer time on Sunday 2026-03-29 (02:00 → 03:00).
  // 2026-10-23 is a Friday; back to winter time on Sunday 2026-10-25 (03:00 → 02:00).
  const cases: [string, string, string, number][] = [
    ['within one day', '2026-03-24T09:00:00+01:00', '2026-03-24T11:30:00+01:00', h(2.5)],
    ['before opening to after closing', '2026-03-24T06:00:00+01:00', '2026-03-24T20:00:00+01:00', h(10)],
    ['outside hours only', '2026-03-24T18:30:00+01:00', '2026-03-25T07:59:00+01:00', 0],
    ['friday afternoon to monday morning', '2026-03-20T17:00:00+01:00', '2026-03-23T09:00:00+01:00', h(2)],
    ['a whole weekend', '2026-03-21T00:00:00+01:00', '2026-03-23T00:00:00+01:00', 0],
    ['over the spring DST weekend', '2026-03-27T17:00:00+01:00', '2026-03-30T09:00:00+02:00', h(2)],
    ['a full week across spring DST', '2026-03-23T00:00:00+01:00', '2026-03-30T00:00:00+02:00', h(50)],
    ['a full week across autumn DST', '2026-10-19T00:00:00+02:00', '2026-10-26T00:00:00+01:00', h(50)],
    ['monday after autumn DST in UTC terms', '2026-10-26T07:00:00Z', '2026-10-26T08:00:00Z', h(1)],
    ['reversed interval', '2026-03-24T11:00:00+01:00', '2026-03-24T09:00:00+01:00', 0],
  ];
  it.each(cases)('%s', (_name, from, to, expected) => {
    expect(businessSecondsBetween(new Date(from), new Date(to), zurich)).toBe(expected);
  });

  it('counts every second without business hours', () => {
    expect(businessSecondsBetween(new Date('2026-03-21T00:00:00Z'), new Date('2026-03-22T00:00:00Z'), null)).toBe(h(24));
  });
});

describe('addBusinessSeconds', () => {
  const cases: [string, string, number, string][] = [
    ['inside the same day', '2026-03-24T09:00:00+01:00', h(2), '2026-03-24T11:00:00+01:00'],
    ['starts before opening', '2026-03-24T06:00:00+01:00', 30 * 60, '2026-03-24T08:30:00+01:00'],
    ['carries over the weekend', '2026-03-20T17:00:00+01:00', h(2), '2026-03-23T09:00:00+01:00'],
    ['carries over spring DST', '2026-03-27T17:30:00+01:00', h(1), '2026-03-30T08:30:00+02:00'],
    ['exactly at closing time', '2026-03-24T16:00:00+01:00', h(2), '2026-03-24T18:00:00+01:00'],
  ];
  it.each(cases)('%s', (_name, from, seconds, expected) => {
    expect(addBusinessSeconds(new Date(from), seconds, zurich)?.toISOString()).toBe(new Date(expected).toISOString());
  });

  it('is the inverse of businessSecondsBetween', () => {
    const from = new Date('2026-10-23T15:12:00+02:00');
    for (const s of [60, h(3), h(11), h(40), h(100)]) {
      const end = addBusinessSeconds(from, s, zurich)!;
      expect(businessSecondsBetween(from, end, zurich)).toBe(s);
    }
  });
});
