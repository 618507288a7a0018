/** A method as a cURL command, with its {{variables}} left in place for the reader (PRODUCT.md §3 export). */
import type { MethodDefinition } from '../domain/method';

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The method as a cURL command, with its {{variables}} still in place. */
export function methodToCurl(definition: MethodDefinition, baseUrl: string): string {
  const query = definition.query
    .filter((item) => item.isEnabled && item.key !== '')
    .map((item) => `${encodeURIComponent(item.key)}=${item.value}`)
    .join('&');
  const url = `${baseUrl.replace(/\/+$/, '')}/${definition.path.replace(/^\/+/, '')}${query === '' ? '' : `?${query}`}`;
  const parts = ['curl', '-X', definition.httpMethod, quote(url)];
  for (const header of definition.headers.filter((item) => item.isEnabled && item.key !== '')) {
    parts.push('-H', quote(`${header.key}: ${header.value}`));
  }
  const body = definition.body;
  if (body.kind === 'json')
    parts.push('-H', quote('Content-Type: application/json'), '--data-raw', quote(body.text));
  if (body.kind === 'raw')
    parts.push('-H', quote(`Content-Type: ${body.contentType}`), '--data-raw', quote(body.text));
  if (body.kind === 'form') {
    for (const item of body.rows.filter((entry) => entry.isEnabled))
      parts.push('--data-urlencode', quote(`${item.key}=${item.value}`));
  }
  if (body.kind === 'multipart')
    for (const item of body.rows.filter((entry) => entry.isEnabled))
      // -F reads a value starting with @ or < as a file to upload; --form-string sends it as text.
      parts.push(/^[@<]/.test(item.value) ? '--form-string' : '-F', quote(`${item.key}=${item.value}`));
  return parts.join(' ');
}
