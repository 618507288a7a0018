/** Turns what went over the wire into the parts of a RequestResult: masked, bounded, readable. */
import { findTooDeep, maxJsonNesting } from '../../../shared/domain/jsonNesting';
import {
  evaluateOutputExpression,
  parseOutputExpression,
} from '../../../shared/expressions/outputExpression';
import type { OutputVariable } from '../../../shared/domain/method';
import {
  maxShownBodyBytes,
  type OutputValue,
  type ReceivedResponse,
  type SentRequest,
} from '../../../shared/domain/requestResult';
import type { PreparedRequest } from './authorizer';
import type { TransportResponse } from './httpTransport';
import type { SecretMasker } from './secretMasking';

/**
 * A body's text with every secret masked, cut to what is shown: masked first, so that a secret
 * across the cut leaves no part of itself in clear.
 */
function shownBody(body: Buffer, mask: SecretMasker): string {
  if (body.length <= maxShownBodyBytes) return mask.text(body.toString('utf8'));
  const masked = Buffer.from(mask.text(body.toString('utf8')), 'utf8');
  return masked.subarray(0, maxShownBodyBytes).toString('utf8');
}

/**
 * An address as recorded, with a user name or password in it (user:password@host, left in a
 * base URL stored before such addresses were refused) shown as ••••: neither is a known secret
 * the masker would find, and either may be one (an API key given as the user name).
 */
function shownUrl(url: URL): string {
  if (url.username === '' && url.password === '') return url.toString();
  return `${url.protocol}//••••@${url.host}${url.pathname}${url.search}${url.hash}`;
}

export function toSentRequest(request: PreparedRequest, mask: SecretMasker): SentRequest {
  return {
    method: request.method,
    url: mask.text(shownUrl(request.url)),
    headers: mask.headers(request.headers),
    body: request.body === undefined ? null : shownBody(request.body, mask),
  };
}

export function toReceivedResponse(response: TransportResponse, mask: SecretMasker): ReceivedResponse {
  return {
    status: response.status,
    statusText: response.statusText,
    headers: mask.headers(response.headers),
    contentType: response.headers['content-type'] ?? '',
    body: shownBody(response.body, mask),
    isBodyTruncated: response.body.length > maxShownBodyBytes,
    size: response.body.length,
  };
}

/** The body as JSON when it is JSON, else as text. */
export function parseBody(response: TransportResponse): unknown {
  const text = response.body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const tooDeepMessage =
  `This value nests more than ${String(maxJsonNesting)} levels deep, too deep to keep; ` +
  'choose a part of it nearer the top.';

const parsedExpressions = new Map<string, ReturnType<typeof parseOutputExpression>>();

/** Parses once per distinct expression (a run sends the same methods again and again). */
function parsedExpression(text: string): ReturnType<typeof parseOutputExpression> {
  let parsed = parsedExpressions.get(text);
  if (parsed === undefined) {
    parsed = parseOutputExpression(text);
    if (parsedExpressions.size >= 1_000) parsedExpressions.clear();
    parsedExpressions.set(text, parsed);
  }
  return parsed;
}

/** Each output variable's value; a bad expression is reported on that variable only. */
export function readOutputs(outputs: readonly OutputVariable[], response: TransportResponse): OutputValue[] {
  if (outputs.length === 0) return [];
  const view = { status: response.status, headers: response.headers, body: parseBody(response) };
  return outputs.map((output) => {
    try {
      const value = evaluateOutputExpression(parsedExpression(output.expression), view);
      // Masked, recorded and copied into later steps by recursive code: an API's deep tree would overflow it.
      if (findTooDeep(value) !== undefined)
        return { name: output.name, expression: output.expression, value: null, error: tooDeepMessage };
      return { name: output.name, expression: output.expression, value: value ?? null };
    } catch (error) {
      const message =
        error instanceof RangeError ? tooDeepMessage : error instanceof Error ? error.message : String(error);
      return { name: output.name, expression: output.expression, value: null, error: message };
    }
  });
}
