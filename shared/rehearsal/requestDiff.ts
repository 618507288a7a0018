/**
 * How a replayed request differs from its recording (method, URL, body), as a case's failure
 * says it. A recording keeps secrets as ••••, and a replay sends without credentials: a •••• in
 * the recording matches any text, and a query parameter recorded as •••• (an API key the
 * authorization added) is left out of the comparison.
 */
import type { SentRequest } from '../domain/requestResult';

const masked = '••••';
/** Each side of a differing body is shown this many characters around the first difference. */
const shownAround = 60;

/**
 * Whether the text now is what was recorded, a •••• in the recording matching any text. Read
 * part by part, each found at its first place after the one before (what any text between allows):
 * a regular expression of lazy wildcards backtracked for minutes on a body with five masked values
 * that differed, holding the backend.
 */
export function matchesRecorded(recorded: string, now: string): boolean {
  const parts = recorded.split(masked);
  if (parts.length === 1) return recorded === now;
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  const end = now.length - last.length;
  if (end < first.length || !now.startsWith(first) || !now.endsWith(last)) return false;
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = now.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/** A URL's part before `?` and its query parameters (`name=value` each), fragment left out. */
function splitQuery(url: string): [string, string[]] {
  const [withoutFragment = ''] = url.split('#');
  const at = withoutFragment.indexOf('?');
  if (at < 0) return [withoutFragment, []];
  return [
    withoutFragment.slice(0, at),
    withoutFragment
      .slice(at + 1)
      .split('&')
      .filter((part) => part !== ''),
  ];
}

/** Both URLs without the query parameters the recording keeps as •••• (added by an authorization). */
function withoutMaskedQuery(recorded: string, now: string): [string, string] {
  const maskedNames = new Set(
    splitQuery(recorded)[1]
      .filter((part) => part.slice(part.indexOf('=') + 1) === masked)
      .map((part) => part.split('=')[0]),
  );
  if (maskedNames.size === 0) return [recorded, now];
  const kept = (url: string) => {
    const [base, parts] = splitQuery(url);
    const rest = parts.filter((part) => !maskedNames.has(part.split('=')[0]));
    return rest.length === 0 ? base : `${base}?${rest.join('&')}`;
  };
  return [kept(recorded), kept(now)];
}

/** The two texts around their first difference. */
function around(recorded: string, now: string): string {
  let at = 0;
  while (at < recorded.length && at < now.length && recorded[at] === now[at]) at += 1;
  const cut = (text: string) =>
    `${at > shownAround ? '…' : ''}${text.slice(Math.max(0, at - shownAround), at + shownAround)}${
      text.length > at + shownAround ? '…' : ''
    }`;
  return `recorded ${JSON.stringify(cut(recorded))}, now ${JSON.stringify(cut(now))}`;
}

/** The differences between the recorded request and the one the replay would send; undefined when none. */
export function requestDiff(recorded: SentRequest | null, now: SentRequest | null): string | undefined {
  if (recorded === null && now === null) return undefined;
  if (recorded === null)
    return `recorded no request (it could not be built), now ${now?.method ?? ''} ${now?.url ?? ''}`;
  if (now === null) return `recorded ${recorded.method} ${recorded.url}, now no request (it cannot be built)`;
  const lines: string[] = [];
  if (recorded.method !== now.method) lines.push(`method: recorded ${recorded.method}, now ${now.method}`);
  const [recordedUrl, nowUrl] = withoutMaskedQuery(recorded.url, now.url);
  if (!matchesRecorded(recordedUrl, nowUrl)) lines.push(`url: recorded ${recorded.url}, now ${now.url}`);
  const recordedBody = recorded.body ?? '';
  const nowBody = now.body ?? '';
  if (!matchesRecorded(recordedBody, nowBody)) lines.push(`body: ${around(recordedBody, nowBody)}`);
  return lines.length === 0 ? undefined : lines.join('\n');
}
