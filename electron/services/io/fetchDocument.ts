/** Downloads an API description for import: GET, bounded size and time, readable failures. */
import { AppError } from '../../../shared/api/appError';
import { NetworkError, type HttpTransport } from '../http/httpTransport';
// From the budgets, not openApiImport: the shells' bundles leave the parser to the worker.
import { maxDocumentBytes } from './documentBudgets';

export async function fetchDocument(transport: HttpTransport, url: string): Promise<string> {
  try {
    const response = await transport.send({
      method: 'GET',
      url: new URL(url),
      headers: { accept: 'application/json, application/yaml, text/yaml, */*' },
      body: undefined,
      timeoutMs: 20_000,
    });
    if (response.status !== 200) {
      throw new AppError(
        'invalid_input',
        `${url} answered ${String(response.status)}, not the document.`,
        'url',
      );
    }
    if (response.body.length > maxDocumentBytes) {
      throw new AppError('payload_too_large', 'The document is larger than 5 MB.', 'url');
    }
    return response.body.toString('utf8');
  } catch (error) {
    if (error instanceof NetworkError) throw new AppError('invalid_input', error.message, 'url');
    throw error;
  }
}
