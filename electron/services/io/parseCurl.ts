/**
 * cURL → method (PRODUCT.md §3): a pasted cURL command becomes a method definition. The export
 * the other way is shared/io/methodToCurl.ts.
 */
import { AppError, maxQuotedLength, readableText } from '../../../shared/api/appError';
import {
  httpMethods,
  type HttpMethod,
  type KeyValueRow,
  type MethodDefinition,
} from '../../../shared/domain/method';
import { readAnsiCQuoted } from './ansiCQuoted';
import { importedMethod } from './importedMethod';

const unclosedQuote = () => new AppError('invalid_input', 'The command has an unclosed quote.', 'command');

/**
 * Splits a command line like a POSIX shell: quotes, bash's $'…' (ansiCQuoted.ts), backslash
 * escapes, line continuations.
 */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let current = '';
  let hasWord = false;
  let quote: "'" | '"' | null = null;
  for (let index = 0; index < command.length; index += 1) {
    const char = command[index] ?? '';
    if (quote === "'") {
      if (char === "'") quote = null;
      else current += char;
    } else if (quote === '"') {
      if (char === '"') quote = null;
      else if (char === '\\' && /["\\$`]/.test(command[index + 1] ?? '')) current += command[++index] ?? '';
      else current += char;
    } else if (char === '$' && command[index + 1] === "'") {
      const quoted = readAnsiCQuoted(command, index);
      if (quoted === undefined) throw unclosedQuote();
      current += quoted.text;
      hasWord = true;
      index = quoted.end - 1;
    } else if (char === "'" || char === '"') {
      quote = char;
      hasWord = true;
    } else if (char === '\\') {
      const next = command[++index] ?? '';
      if (next !== '\n' && next !== '\r') {
        current += next;
        hasWord = true;
      }
    } else if (/\s/.test(char)) {
      if (hasWord) words.push(current);
      current = '';
      hasWord = false;
    } else {
      current += char;
      hasWord = true;
    }
  }
  if (quote !== null) throw unclosedQuote();
  if (hasWord) words.push(current);
  return words;
}

/**
 * Part of the command as a message quotes it: readable, and short — a 1 MB URL that did not parse
 * was repeated whole (cut only at the message's 1,000 characters, its sentence lost with it).
 */
const shown = (text: string) => readableText(text, maxQuotedLength);

/** A URL as a message may show it: a password in it (`https://ada:pw@…`) written as ••••. */
const withoutPassword = (url: string) =>
  url.replace(/^((?:[a-z][a-z0-9+.-]*:\/\/)?[^/?#@:]*:)[^/?#@]*@/i, '$1••••@');

const row = (key: string, value: string): KeyValueRow => ({ key, value, description: '', isEnabled: true });
const ignoredFlags = new Set([
  '--compressed',
  '-k',
  '--insecure',
  '-L',
  '--location',
  '-s',
  '--silent',
  '-v',
  '--verbose',
  '-i',
  '--include',
  '-S',
  '--show-error',
  '-f',
  '--fail',
]);
const flagsWithValue = new Set([
  '-o',
  '--output',
  '-m',
  '--max-time',
  '--connect-timeout',
  '--retry',
  '-w',
  '--write-out',
]);

/** Reads a cURL command into a method; the URL's origin is returned separately as the base URL. */
export function parseCurl(command: string): { definition: MethodDefinition; baseUrl: string } {
  const words = shellWords(command.trim());
  if (words[0] !== 'curl')
    throw new AppError('invalid_input', 'Paste a command that starts with "curl".', 'command');
  let method: string | undefined;
  let url: string | undefined;
  const headers: KeyValueRow[] = [];
  const data: string[] = [];
  const formRows: KeyValueRow[] = [];
  let isGet = false;
  for (let index = 1; index < words.length; index += 1) {
    const word = words[index] ?? '';
    const value = () => {
      const next = words[++index];
      if (next === undefined) throw new AppError('invalid_input', `${word} needs a value.`, 'command');
      return next;
    };
    /** A body part or form field: curl would read `@file` from the disk, which is not done here. */
    const content = () => refusingFileRead(word, value());
    if (word === '-X' || word === '--request') method = value().toUpperCase();
    else if (word === '-H' || word === '--header') {
      const header = value();
      const colon = header.indexOf(':');
      if (colon > 0) headers.push(row(header.slice(0, colon).trim(), header.slice(colon + 1).trim()));
    } else if (word === '--data-raw') data.push(value());
    else if (['-d', '--data', '--data-binary', '--data-ascii', '--data-urlencode'].includes(word))
      data.push(content());
    else if (word === '--json') {
      data.push(content());
      headers.push(row('Content-Type', 'application/json'), row('Accept', 'application/json'));
    } else if (word === '-F' || word === '--form' || word === '--form-string') {
      // --form-string takes its value as text, even one starting with @ or <.
      const [key = '', ...rest] = (word === '--form-string' ? value() : content()).split('=');
      formRows.push(row(key, rest.join('=')));
    } else if (word === '-u' || word === '--user') {
      headers.push(row('Authorization', `Basic ${btoaUtf8(value())}`));
    } else if (word === '-A' || word === '--user-agent') headers.push(row('User-Agent', value()));
    else if (word === '-b' || word === '--cookie') headers.push(row('Cookie', value()));
    else if (word === '-e' || word === '--referer') headers.push(row('Referer', value()));
    else if (word === '-G' || word === '--get') isGet = true;
    else if (word === '--url') url = value();
    else if (flagsWithValue.has(word)) value();
    else if (ignoredFlags.has(word)) continue;
    else if (word.startsWith('-'))
      throw new AppError('invalid_input', `The option ${shown(word)} is not supported.`, 'command');
    else url = word;
  }
  if (url === undefined) throw new AppError('invalid_input', 'The command has no URL.', 'command');
  assertOneLineHeaders(headers);
  assertHttpScheme(url);
  let parsed: URL;
  try {
    parsed = new URL(/^https?:\/\//i.test(url) ? url : `http://${url}`);
  } catch {
    throw new AppError('invalid_input', `"${shown(withoutPassword(url))}" is not a URL.`, 'command');
  }
  const verb = (method ??
    (data.length > 0 && !isGet ? 'POST' : formRows.length > 0 ? 'POST' : 'GET')) as HttpMethod;
  if (!httpMethods.includes(verb))
    throw new AppError('invalid_input', `The method ${shown(verb)} is not supported.`, 'command');
  headers.push(...userInfoCredentials(parsed, headers));
  const query = [...parsed.searchParams.entries()].map(([key, value]) => row(key, value));
  if (isGet)
    for (const part of data)
      for (const [key, value] of new URLSearchParams(part)) query.push(row(key, value));
  const contentType = headers.find((header) => header.key.toLowerCase() === 'content-type')?.value ?? '';
  const rawBody = isGet ? '' : data.join('&');
  const body: MethodDefinition['body'] =
    formRows.length > 0
      ? { kind: 'multipart', rows: formRows }
      : rawBody === ''
        ? { kind: 'none' }
        : /json/i.test(contentType) || /^\s*[[{]/.test(rawBody)
          ? { kind: 'json', text: rawBody }
          : /x-www-form-urlencoded/i.test(contentType) || contentType === ''
            ? { kind: 'form', rows: [...new URLSearchParams(rawBody)].map(([key, value]) => row(key, value)) }
            : { kind: 'raw', contentType, text: rawBody };
  return {
    baseUrl: parsed.origin,
    definition: importedMethod(
      {
        name: `${verb} ${parsed.pathname}`,
        httpMethod: verb,
        path: decodedPath(parsed.pathname),
        query,
        headers: headers.filter(
          (header) =>
            body.kind === 'none' || header.key.toLowerCase() !== 'content-type' || body.kind === 'raw',
        ),
        body,
      },
      'The command',
      'command',
    ),
  };
}

/**
 * A header is one line: a CR or LF pasted into one (`-H $'X-A: 1\r\nX-B: 2'`) made a method
 * that every send then refused. Refused here, naming the header, while the command is at hand.
 */
function assertOneLineHeaders(headers: readonly KeyValueRow[]): void {
  const broken = headers.find((header) => /[\r\n]/.test(header.key) || /[\r\n]/.test(header.value));
  if (broken === undefined) return;
  throw new AppError(
    'invalid_input',
    `The header "${shown(broken.key)}" holds a line break (CR or LF); a header is one line: give each header its own -H.`,
    'command',
  );
}

/**
 * Refuses a URL with a scheme other than http(s): curl guesses http only for a URL without one,
 * and the http:// put in front of "ftp://x" would make the scheme the host name.
 */
function assertHttpScheme(url: string): void {
  const scheme = /^([a-z][a-z0-9+.-]*:)\/\//i.exec(url)?.[1];
  if (scheme === undefined || /^https?:$/i.test(scheme)) return;
  throw new AppError(
    'invalid_input',
    `The command's URL starts with ${shown(scheme)}//; a method sends http:// or https:// requests only.`,
    'command',
  );
}

/**
 * The local file curl reads for a value: `@file` of the data options and --json,
 * `name@file` (or `@file`) of --data-urlencode without an =, `name=@file` or `name=<file` of a form field.
 */
function fileReadBy(option: string, value: string): string | undefined {
  if (option === '-F' || option === '--form') return /^[^=]*=[@<]([^;]*)/s.exec(value)?.[1];
  // curl reads name=content whenever there is an =, and name@file only when there is none.
  if (option === '--data-urlencode') return value.includes('=') ? undefined : /@(.*)$/s.exec(value)?.[1];
  return value.startsWith('@') ? value.slice(1) : undefined;
}

/**
 * The value as it is, or a refusal naming the file curl would read for it: a method cannot hold
 * a file, and sending "@body.json" as the body would be another request than the command's.
 */
function refusingFileRead(option: string, value: string): string {
  const file = fileReadBy(option, value);
  if (file === undefined) return value;
  throw new AppError(
    'invalid_input',
    `${option} reads the file "${shown(file)}", which is not read here: put its content into the command instead.`,
    'command',
  );
}

/**
 * A user name and password in the URL as curl sends them, Basic, unless -u or a header gave an
 * Authorization: the URL keeps only its origin, so they would be lost without a word. As a typed
 * credential, the paste dialog then asks whether the method keeps it.
 */
function userInfoCredentials(url: URL, headers: readonly KeyValueRow[]): KeyValueRow[] {
  if (url.username === '' && url.password === '') return [];
  if (headers.some((header) => header.key.toLowerCase() === 'authorization')) return [];
  const decoded = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  return [row('Authorization', `Basic ${btoaUtf8(`${decoded(url.username)}:${decoded(url.password)}`)}`)];
}

function btoaUtf8(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64');
}

/** The path with its percent-escapes decoded ({id} was sent as %7Bid%7D); as sent when they are not valid. */
function decodedPath(pathname: string): string {
  try {
    return decodeURI(pathname);
  } catch {
    return pathname;
  }
}
