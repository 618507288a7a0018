import { describe, expect, it } from 'vitest';
import { timeAgo } from './relativeTime';

const english = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const now = Date.parse('2026-12-01T12:00:00.000Z');
const ago = (seconds: number) => timeAgo(new Date(now - seconds * 1000).toISOString(), now, english);

describe('timeAgo', () => {
  it('says how long ago, in the largest whole unit', () => {
    expect(ago(2)).toBe('now');
    expect(ago(42)).toBe('42 seconds ago');
    expect(ago(5 * 60)).toBe('5 minutes ago');
    expect(ago(3 * 3600)).toBe('3 hours ago');
    expect(ago(30 * 3600)).toBe('yesterday');
    expect(ago(3 * 86_400)).toBe('3 days ago');
    expect(ago(15 * 86_400)).toBe('2 weeks ago');
    expect(ago(70 * 86_400)).toBe('2 months ago');
    expect(ago(800 * 86_400)).toBe('2 years ago');
  });

  it('says "now" for a moment ahead (a clock a little off) and nothing for a moment it cannot read', () => {
    expect(ago(-30)).toBe('now');
    expect(timeAgo('not a time', now, english)).toBe('');
  });
});
