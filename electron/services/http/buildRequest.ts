/**
 * Turns a method definition plus variables into the request to send: base URL + path with
 * {path} parameters, query, headers and body, every field's {{variables}} filled in.
 */
import { AppError } from '../../../shared/api/appError';
import { resolveJsonTemplate } from '../../../shared/expressions/jsonTemplate';
import { resolveTemplate } from '../../../shared/expressions/template';
import type { KeyValueRow, MethodDefinition } from '../../../shared/domain/method';
import type { PreparedRequest } from './authorizer';

const pathParameter = /\{([A-Za-z_][\w-]*)\}/;

/**
 * A path cut at its {parameters}: text, name, text, name, …, text. Cut once per distinct path
 * (a run sends the same methods again and again).
 */
const cutPaths = new Map<string, readonly string[]>();
function partsOf(path: string): readonly string[] {
  let parts = cutPaths.get(path);
  if (parts === undefined) {
    parts = path.split(pathParameter);
    if (cutPaths.size >= 1_000) cutPaths.clear();
    cutPaths.set(path, parts);
  }
  return parts;
}

function fillPath(path: string, scope: Record<string, unknown>): string {
  // {{templates}} first, so their braces are not mistaken for {path} parameters.
  const parts = partsOf(resolveTemplate(path, scope, { encode: encodeURIComponent }));
  let filled = parts[0] ?? '';
  for (let index = 1; index < parts.length; index += 2) {
    const name = parts[index] ?? '';
    // Own values only: a parameter named {constructor} must not find Object's.
    const value = Object.hasOwn(scope, name) ? scope[name] : undefined;
    if (value === undefined || value === null || value === '') {
      throw new AppError('invalid_input', `The path parameter {${name}} needs a value.`, `variables.${name}`);
    }
    filled += encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value));
    filled += parts[index + 1] ?? '';
  }
  return filled;
}

export function joinUrl(baseUrl: string, path: string): URL {
  const target = /^https?:\/\//i.test(path)
    ? path
    : `${baseUrl.replace(/\/+$/, '')}${path === '' ? '' : `/${path.replace(/^\/+/, '')}`}`;
  try {
    const url = new URL(target);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return url;
  } catch {
    throw new AppError(
      'invalid_input',
      baseUrl === '' && !/^https?:/i.test(path)
        ? 'There is no base URL: set one on the integration or its configuration.'
        : `"${target}" is not a valid http(s) URL.`,
      'baseUrl',
    );
  }
}

const enabledRows = (rows: readonly KeyValueRow[]) =>
  rows.filter((row) => row.isEnabled && row.key.trim() !== '');

function encodeBody(
  method: MethodDefinition,
  scope: Record<string, unknown>,
): { body?: Buffer; contentType?: string } {
  const body = method.body;
  const fill = (text: string) => resolveTemplate(text, scope);
  switch (body.kind) {
    case 'none':
      return {};
    case 'json':
      return { body: Buffer.from(resolveJsonTemplate(body.text, scope)), contentType: 'application/json' };
    case 'form': {
      const form = new URLSearchParams();
      for (const row of enabledRows(body.rows)) form.append(fill(row.key), fill(row.value));
      return { body: Buffer.from(form.toString()), contentType: 'application/x-www-form-urlencoded' };
    }
    case 'multipart': {
      const boundary = `----RunbookDesigner${Math.random().toString(16).slice(2)}`;
      const parts = enabledRows(body.rows).map(
        (row) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${fill(row.key).replace(/"/g, '%22')}"\r\n\r\n${fill(row.value)}\r\n`,
      );
      return {
        body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`),
        contentType: `multipart/form-data; boundary=${boundary}`,
      };
    }
    case 'raw':
      return { body: Buffer.from(fill(body.text)), contentType: body.contentType };
  }
}

/** Builds the unauthorized request; throws AppError naming what is missing or malformed. */
export function buildRequest(
  method: MethodDefinition,
  baseUrl: string,
  scope: Record<string, unknown>,
): PreparedRequest {
  const url = joinUrl(resolveTemplate(baseUrl, scope), fillPath(method.path, scope));
  for (const row of enabledRows(method.query)) {
    url.searchParams.append(resolveTemplate(row.key, scope), resolveTemplate(row.value, scope));
  }
  const headers: Record<string, string> = {};
  for (const row of enabledRows(method.headers)) {
    const name = resolveTemplate(row.key, scope).trim().toLowerCase();
    const value = resolveTemplate(row.value, scope);
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name) || /[\r\n]/.test(value)) {
      throw new AppError('invalid_input', `The header "${name}" is not a valid HTTP header.`, 'headers');
    }
    headers[name] = value;
  }
  const { body, contentType } = encodeBody(method, scope);
  if (contentType !== undefined && headers['content-type'] === undefined)
    headers['content-type'] = contentType;
  return { method: method.httpMethod, url, headers, body };
}
