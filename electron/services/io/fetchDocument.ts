/**
 * Downloads an API description for import: GET, bounded size, time and number at once, readable
 * failures that name the call's `source` field.
 */
import { AppError } from '../../../shared/api/appError';
import { withoutUserInfo } from '../../../shared/domain/baseUrl';
import { NetworkError, type HttpTransport } from '../http/httpTransport';
// From the budgets, not openApiImport: the shells' bundles leave the parser to the worker.
import { maxDocumentBytes } from './documentBudgets';

function tooLarge(url: string): AppError {
  return new AppError(
    'invalid_input',
    `The document at ${url} is larger than ${String(maxDocumentBytes / 1024 / 1024)} MB, the most ` +
      'that can be imported. Import a smaller part of the API.',
    'source',
  );
}

/**
 * Refuses an address with a user name or password before anything is sent: the transport never
 * sends them, so the server would answer 401, and the refusal would repeat the password.
 */
function assertNoUserInfo(url: string): void {
  const address = withoutUserInfo(url);
  if (address === url) return;
  throw new AppError(
    'invalid_input',
    `The address holds a user name or password (before the @), which a download never sends: use ${address}, or download the document yourself and paste it here.`,
    'source',
  );
}

export async function fetchDocument(transport: HttpTransport, url: string): Promise<string> {
  assertNoUserInfo(url);
  try {
    const response = await transport.send({
      method: 'GET',
      url: new URL(url),
      headers: { accept: 'application/json, application/yaml, text/yaml, */*' },
      body: undefined,
      timeoutMs: 20_000,
      // Read no further than a document may be: the transport's own limit is 50 MB, inflated.
      maxResponseBytes: maxDocumentBytes,
    });
    if (response.status !== 200) {
      throw new AppError(
        'invalid_input',
        `${url} answered ${String(response.status)}, not the document.`,
        'source',
      );
    }
    if (response.body.length > maxDocumentBytes) throw tooLarge(url);
    return response.body.toString('utf8');
  } catch (error) {
    if (error instanceof NetworkError && error.code === 'TOO_LARGE') throw tooLarge(url);
    if (error instanceof NetworkError) throw new AppError('invalid_input', error.message, 'source');
    throw error;
  }
}

/**
 * fetchDocument with at most `maxConcurrent` downloads at once; more are refused as busy. Each
 * may buffer up to the document limit for its 20 s, so callers must not be able to start any
 * number of them (the reader that parses them afterwards lets as few wait).
 */
export function createDocumentFetcher(
  transport: HttpTransport,
  { maxConcurrent = 4 }: { maxConcurrent?: number } = {},
): (url: string) => Promise<string> {
  let running = 0;
  return async (url) => {
    if (running >= maxConcurrent)
      throw new AppError(
        'busy',
        'Other documents are being downloaded right now; try again in a few seconds.',
      );
    running += 1;
    try {
      return await fetchDocument(transport, url);
    } finally {
      running -= 1;
    }
  };
}
