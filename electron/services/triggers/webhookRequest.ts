/**
 * Decides what to do with one webhook delivery (PRODUCT.md §4 "Webhook"): POST only, then the
 * runbook's authentication (none, Basic, or an HMAC-SHA256 signature of the raw body compared in
 * constant time), then the payload (JSON or form) and its mapping onto the runbook's inputs.
 * Pure apart from hashing: the server reads the body within its size limit and passes it here.
 */
import { isUtf8 } from 'node:buffer';
import crypto from 'node:crypto';
import { readableText } from '../../../shared/api/appError';
import { findMalformedText } from '../../../shared/api/wellFormedText';
import { findTooDeep, tooDeepMessage } from '../../../shared/domain/jsonNesting';
import { findTooBroad, tooBroadMessage } from '../../../shared/domain/jsonBreadth';
import type { RunbookInput } from '../../../shared/runbook/runbookGraph';
import type { WebhookTrigger } from '../../../shared/runbook/stepTypes';
import {
  evaluateOutputExpression,
  parseOutputExpression,
} from '../../../shared/expressions/outputExpression';
import { recordMaskFor, type RecordMask } from '../engine/recordMask';
import { prepareInputs } from '../engine/runInputs';
import { readForm } from './webhookForm';
import { jsonParseErrorMessage } from '../../../shared/domain/jsonParseError';

export interface WebhookDelivery {
  method: string;
  /** Lower-case names, as node:http gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

export type WebhookVerdict =
  | {
      ok: true;
      payload: unknown;
      inputs: Record<string, unknown>;
      /** The delivery's credentials: a mapping may hand them to the run, its records show ••••. */
      maskedValues: string[];
    }
  | {
      ok: false;
      status: 401 | 403 | 405 | 413 | 415 | 422;
      code: string;
      message: string;
      headers?: Record<string, string>;
    };

export interface WebhookRules {
  trigger: WebhookTrigger;
  /** The Basic password or HMAC key; undefined when none is stored. */
  secret: string | undefined;
  inputs: readonly RunbookInput[];
}

const refuse = (
  status: 401 | 403 | 405 | 413 | 415 | 422,
  code: string,
  message: string,
  headers?: Record<string, string>,
): WebhookVerdict => ({ ok: false, status, code, message, ...(headers === undefined ? {} : { headers }) });

const headerOf = (delivery: WebhookDelivery, name: string): string | undefined => {
  const value = delivery.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

/** Constant-time comparison of two strings of any length (their SHA-256 digests are compared). */
export function safeEqual(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b) && given.length === expected.length;
}

/**
 * The 32 bytes of a signature in hex (GitHub, Stripe-style, any case) or base64 (Shopify-style),
 * padded or not, either alphabet: senders differ, and comparing bytes accepts each form.
 * Undefined for anything else.
 */
function signatureBytes(text: string): Buffer | undefined {
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) return Buffer.from(text, 'base64');
  return undefined;
}

function checkAuthentication(delivery: WebhookDelivery, rules: WebhookRules): WebhookVerdict | undefined {
  const { trigger, secret } = rules;
  if (trigger.authentication === 'none') return undefined;
  if (secret === undefined || secret === '') {
    return refuse(
      403,
      'webhook_not_configured',
      'This webhook has no secret set yet; set it in the runbook’s Start step.',
    );
  }
  if (trigger.authentication === 'basic') {
    const challenge = { 'www-authenticate': 'Basic realm="Runbook Designer webhook", charset="UTF-8"' };
    const header = headerOf(delivery, 'authorization') ?? '';
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (match?.[1] === undefined)
      return refuse(401, 'unauthenticated', 'Basic credentials are required.', challenge);
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    // Senders join user name and password with a colon: a user name holding one ("ops:eu-west")
    // ends where the runbook's does, any other at the first colon.
    const userLength = trigger.username.length;
    const colon = decoded.charAt(userLength) === ':' ? userLength : decoded.indexOf(':');
    const username = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    // Both compared, always, so the time taken says nothing about which one was wrong.
    const isUser = safeEqual(username, trigger.username);
    const isPassword = safeEqual(password, secret);
    if (!(isUser && isPassword))
      return refuse(401, 'unauthenticated', 'The user name or password is wrong.', challenge);
    return undefined;
  }
  const header = headerOf(delivery, trigger.signatureHeader);
  if (header === undefined || header.trim() === '') {
    return refuse(
      401,
      'signature_missing',
      `The ${trigger.signatureHeader} header with the body's signature is missing.`,
    );
  }
  const value = header.trim();
  // Node joins a header sent more than once with ", " (a signature never holds a comma): a proxy
  // that adds its copy of the header made it so, not a wrong secret.
  if (value.includes(',')) {
    return refuse(
      403,
      'signature_invalid',
      `The ${trigger.signatureHeader} header came more than once; a delivery must carry one signature ` +
        '(a proxy on the way may be adding its own copy).',
    );
  }
  const prefix = trigger.signaturePrefix;
  if (prefix !== '' && !value.toLowerCase().startsWith(prefix.toLowerCase())) {
    return refuse(
      403,
      'signature_invalid',
      `The ${trigger.signatureHeader} header must start with "${prefix}".`,
    );
  }
  const given = signatureBytes(value.slice(prefix.length));
  const mac = crypto.createHmac('sha256', secret).update(delivery.body).digest();
  if (given === undefined || !crypto.timingSafeEqual(given, mac)) {
    return refuse(
      403,
      'signature_invalid',
      'The signature does not match the body (check the secret on both sides).',
    );
  }
  return undefined;
}

/**
 * A payload nested deeper than the app's limit is refused here: storing it as the run's trigger
 * body, or showing it in a message, would overflow the stack.
 */
function boundedPayload(payload: unknown): { payload: unknown } | WebhookVerdict {
  const path = findTooDeep(payload);
  if (path !== undefined)
    return refuse(422, 'payload_too_deep', tooDeepMessage('The body', path === '' ? '' : `$${path}`));
  // JSON's "\ud800" is text with no UTF-8 form: the run would get and record U+FFFD instead.
  const malformed = findMalformedText(payload);
  if (malformed !== undefined)
    return refuse(
      422,
      'invalid_json',
      `The body holds half of a character (a lone UTF-16 surrogate) at $${malformed.map((key) => `.${String(key)}`).join('')}; send well-formed Unicode text.`,
    );
  return { payload };
}

/**
 * The most keys and array items a payload may hold: a large real delivery (an order of 200 lines,
 * a push of many files) holds a few thousand, and a payload at this bound is read, checked and
 * stored in about a tenth of a second, the listener answering nothing else meanwhile.
 */
export const maxWebhookPayloadValues = 50_000;

/** A JSON text too broad to parse without holding up the listener, refused before it is parsed. */
function refusedAsTooBroad(text: string): WebhookVerdict | undefined {
  const fault = findTooBroad(text, maxWebhookPayloadValues);
  return fault === undefined
    ? undefined
    : refuse(413, 'payload_too_large', tooBroadMessage('The body', fault, maxWebhookPayloadValues));
}

function parsePayload(delivery: WebhookDelivery): { payload: unknown } | WebhookVerdict {
  const contentType = (headerOf(delivery, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (delivery.body.length === 0) return { payload: null };
  // TextDecoder drops a leading byte order mark, which JSON.parse would refuse.
  const text = new TextDecoder().decode(delivery.body);
  if (contentType === 'application/json' || contentType.endsWith('+json')) {
    // JSON is UTF-8 (RFC 8259): other bytes would reach the run as U+FFFD, changed without a word.
    if (!isUtf8(delivery.body))
      return refuse(422, 'invalid_json', 'The body is not UTF-8 text; send JSON encoded as UTF-8.');
    const tooBroad = refusedAsTooBroad(text);
    if (tooBroad !== undefined) return tooBroad;
    try {
      return { payload: JSON.parse(text) as unknown };
    } catch (error) {
      return refuse(422, 'invalid_json', `The body is not valid JSON: ${jsonParseErrorMessage(error)}`);
    }
  }
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = readForm(delivery.body, maxWebhookPayloadValues);
    if ('payload' in form) return form;
    if ('tooBroad' in form) return refuse(413, 'payload_too_large', form.tooBroad);
    return refuse(
      422,
      'invalid_form',
      `The form field "${form.notUtf8Field}" is not UTF-8 text; send the form's fields encoded as UTF-8.`,
    );
  }
  return refuse(
    415,
    'unsupported_media_type',
    `Send the payload as application/json or application/x-www-form-urlencoded, not "${contentType.slice(0, 100) || 'no content type'}".`,
  );
}

function mapInputs(
  delivery: WebhookDelivery,
  payload: unknown,
  rules: WebhookRules,
  mask: RecordMask,
): { inputs: Record<string, unknown> } | WebhookVerdict {
  const given: Record<string, unknown> = {};
  const headers = Object.fromEntries(
    Object.entries(delivery.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  );
  for (const { input, path } of rules.trigger.inputMapping) {
    try {
      const value = evaluateOutputExpression(parseOutputExpression(path), {
        status: 0,
        headers,
        body: payload,
      });
      // Defined, not assigned: an input named "__proto__" assigned would set the prototype.
      if (value !== undefined)
        Object.defineProperty(given, input, { value, enumerable: true, writable: true, configurable: true });
    } catch (error) {
      return refuse(
        422,
        'mapping_failed',
        `The input "${input}" could not be read with ${path}: ${(error as Error).message}`,
      );
    }
  }
  try {
    return { inputs: prepareInputs(rules.inputs, given, mask) };
  } catch (error) {
    return refuse(422, 'invalid_inputs', `${(error as Error).message} (mapped from the payload)`);
  }
}

/** Headers whose value is a credential whatever the webhook's authentication. */
const credentialHeaders = ['authorization', 'proxy-authorization', 'cookie', 'x-api-key'];

/**
 * Every form a credential of this delivery may take once mapped to an input or echoed by a step:
 * the header values (Authorization, Cookie…, and the HMAC signature header), the token after the
 * scheme, Basic's decoded user:password and password, and the webhook's own secret.
 */
function credentialValuesOf(delivery: WebhookDelivery, rules: WebhookRules): string[] {
  const { trigger } = rules;
  const values = new Set<string>();
  for (const name of credentialHeaders) {
    const value = headerOf(delivery, name)?.trim();
    if (value === undefined || value === '') continue;
    values.add(value);
    const [, scheme = '', token = ''] = /^(\S+)\s+(\S.*)$/.exec(value) ?? [];
    if (token !== '') values.add(token);
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(token, 'base64').toString('utf8');
      values.add(decoded);
      values.add(decoded.slice(decoded.indexOf(':') + 1));
    }
  }
  const signature =
    trigger.authentication === 'signature' ? headerOf(delivery, trigger.signatureHeader) : undefined;
  if (signature !== undefined && signature.trim() !== '') {
    values.add(signature.trim());
    values.add(signature.trim().slice(trigger.signaturePrefix.length));
  }
  if (rules.secret !== undefined && rules.secret !== '') values.add(rules.secret);
  return [...values];
}

function readPayload(delivery: WebhookDelivery): { payload: unknown } | WebhookVerdict {
  const read = parsePayload(delivery);
  return 'ok' in read ? read : boundedPayload(read.payload);
}

/**
 * The verdict on one delivery. A refusal's message is answered, logged and kept in the trigger
 * log, and may quote the payload: the delivery's credentials in it are ••••, control characters
 * written out and the whole cut (readableText).
 */
export function judgeWebhook(delivery: WebhookDelivery, rules: WebhookRules): WebhookVerdict {
  // A refusal of the method or the credentials quotes nothing the sender sent but the method:
  // masking it would only hide the words a wrong credential happens to be ("password is ••••").
  const refused = refusedRequest(delivery, rules);
  if (refused !== undefined)
    return refused.ok ? refused : { ...refused, message: readableText(refused.message) };
  const credentials = credentialValuesOf(delivery, rules);
  const mask = recordMaskFor(credentials);
  const verdict = judge(delivery, rules, credentials, mask);
  return verdict.ok ? verdict : { ...verdict, message: readableText(mask(verdict.message)) };
}

function refusedRequest(delivery: WebhookDelivery, rules: WebhookRules): WebhookVerdict | undefined {
  if (delivery.method === 'POST') return checkAuthentication(delivery, rules);
  const message = `Webhooks accept POST only, not ${delivery.method}.`;
  return refuse(405, 'method_not_allowed', message, { allow: 'POST' });
}

function judge(
  delivery: WebhookDelivery,
  rules: WebhookRules,
  credentials: string[],
  mask: RecordMask,
): WebhookVerdict {
  const read = readPayload(delivery);
  if ('ok' in read) return read;
  const mapped = mapInputs(delivery, read.payload, rules, mask);
  if ('ok' in mapped) return mapped;
  return { ok: true, payload: read.payload, inputs: mapped.inputs, maskedValues: credentials };
}
