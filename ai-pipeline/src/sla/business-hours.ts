import { luxon } from './luxon.js';
import type { DateTime } from 'luxon';
import type { BusinessHours } from './config.js';

/** Safety bound: no SLA window spans more than ten years of calendar days. */
const MAX_DAYS = 3_660;

/** The business window [open, close) of one local calendar day, as epoch ms, or null on a closed day. */
function windowOf(day: DateTime, hours: BusinessHours): [number, number] | null {
  if (!hours.days.includes(day.weekday)) return null;
  // Luxon resolves local times in a DST gap forward and ambiguous ones to the earlier offset.
  const at = (minute: number) =>
    minute >= 24 * 60 ? day.plus({ days: 1 }).startOf('day').toMillis() : day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 }).toMillis();
  const open = at(hours.fromMinute);
  const close = at(hours.toMinute);
  return close > open ? [open, close] : null;
}

/**
 * Business seconds between two instants in the business hours' time zone (0 when `to` ≤ `from`).
 * With `hours` null every second counts.
 */
export function businessSecondsBetween(from: Date, to: Date, hours: BusinessHours | null): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (!hours) return (b - a) / 1000;
  let total = 0;
  let day = luxon().DateTime.fromMillis(a, { zone: hours.tz }).startOf('day');
  for (let i = 0; i < MAX_DAYS && day.toMillis() < b; i++, day = day.plus({ days: 1 }).startOf('day')) {
    const w = windowOf(day, hours);
    if (!w) continue;
    const start = Math.max(a, w[0]);
    const end = Math.min(b, w[1]);
    if (end > start) total += end - start;
  }
  return total / 1000;
}

/** The instant at which `seconds` business seconds have elapsed after `from` (null if no business time within the bound). */
export function addBusinessSeconds(from: Date, seconds: number, hours: BusinessHours | null): Date | null {
  if (seconds <= 0) return new Date(from.getTime());
  if (!hours) return new Date(from.getTime() + seconds * 1000);
  let left = seconds * 1000;
  const a = from.getTime();
  let day = luxon().DateTime.fromMillis(a, { zone: hours.tz }).startOf('day');
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 }).startOf('day')) {
    const w = windowOf(day, hours);
    if (!w) continue;
    const start = Math.max(a, w[0]);
    if (w[1] <= start) continue;
    const available = w[1] - start;
    if (available >= left) return new Date(start + left);
    left -= available;
  }
  return null;
}
