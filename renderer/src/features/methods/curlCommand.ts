/** The request as sent (secrets already masked) as a cURL command line. */
import type { SentRequest } from '../../../../shared/domain/requestResult';

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export function curlCommand(request: SentRequest): string {
  const parts = ['curl', '-X', request.method, quote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) parts.push('-H', quote(`${name}: ${value}`));
  if (request.body !== null && request.body !== '') parts.push('--data-raw', quote(request.body));
  return parts.join(' ');
}
