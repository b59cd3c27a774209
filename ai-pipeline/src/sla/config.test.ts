import { describe, expect, it } from 'vitest';
import { parseDays, parseSlaConfig } from './config.js';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['30m', 1800],
    ['8h', 28_800],
    ['1h30m', 5400],
    ['2d', 172_800],
    ['45s', 45],
  ])('%s → %d s', (text, seconds) => expect(parseDuration(text)).toBe(seconds));
  it.each(['', '0m', '30', '30 min', 'm30', '1.5h', '30m1h', '-5m', '1h 30m'])('rejects %j', (text) => expect(parseDuration(text)).toBeNull());
});

describe('parseDays', () => {
  it('reads ranges and lists', () => {
    expect(parseDays('mon-fri')).toEqual([1, 2, 3, 4, 5]);
    expect(parseDays('mon,wed,sat-sun')).toEqual([1, 3, 6, 7]);
    expect(parseDays(['tue'])).toEqual([2]);
  });
  it.each(['fri-mon', 'monday', '', 'mon-tue-wed'])('rejects %j', (s) => expect(parseDays(s)).toBeNull());
});

describe('parseSlaConfig', () => {
  it('parses targets, business hours and the escalation team', () => {
    const c = parseSlaConfig({
      urgent: { first_response: '30m', resolution: '8h' },
      low: { resolution: '5d' },
      business_hours: { tz: 'Europe/Zurich', days: 'mon-fri', from: '08:00', to: '18:00' },
      escalation_team_id: 4,
    });
    expect(c).toEqual({
      targets: { urgent: { first_response: 1800, resolution: 28_800 }, low: { resolution: 432_000 } },
      businessHours: { tz: 'Europe/Zurich', days: [1, 2, 3, 4, 5], fromMinute: 480, toMinute: 1080 },
      escalationTeamId: 4,
    });
  });

  it.each([
    [{ urgent: { first_response: '30 minutes' } }, 'sla.urgent.first_response: must be a duration such as 30m, 8h, 1h30m or 2d, got "30 minutes"'],
    [{ urgent: {} }, 'sla.urgent: needs first_response or resolution'],
    [{ critical: { resolution: '1h' } }, 'sla.(root): Unrecognized key: "critical"'],
    [{ business_hours: { tz: 'Mars/Olympus', days: 'mon-fri', from: '08:00', to: '18:00' } }, 'sla.business_hours.tz: must be an IANA time zone such as Europe/Zurich'],
    [{ business_hours: { tz: 'UTC', days: 'mon-fri', from: '18:00', to: '08:00' } }, 'sla.business_hours.to: "to" must be later than "from" (overnight windows are not supported)'],
    [{ business_hours: { tz: 'UTC', days: 'weekdays', from: '08:00', to: '18:00' } }, 'sla.business_hours.days: must be weekdays such as mon-fri or mon,wed,fri'],
    [{ business_hours: { tz: 'UTC', days: 'mon', from: '8:00', to: '18:00' } }, 'sla.business_hours.from: must be a time HH:MM (00:00 to 24:00)'],
  ])('rejects %j naming the field', (raw, message) => {
    expect(() => parseSlaConfig(raw)).toThrow(`invalid SLA configuration: ${message}`);
  });
});
