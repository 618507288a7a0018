/**
 * judgeWebhook's refusals are answered, logged and kept in the trigger log: they must not carry
 * a credential of the delivery nor repeat a large or hostile payload back.
 */
import { describe, expect, it } from 'vitest';
import type { RunbookInput } from '../../../shared/runbook/runbookGraph';
import { webhookTriggerSchema } from '../../../shared/runbook/stepTypes';
import { recordMaskFor } from '../engine/recordMask';
import { judgeWebhook, type WebhookVerdict } from './webhookRequest';

const inputOf = (type: RunbookInput['type']): RunbookInput => ({
  name: 'key',
  type,
  isRequired: true,
  defaultValue: '',
  description: '',
});

/** An unauthenticated JSON delivery whose `path` is mapped to one input "key" of `type`. */
function judge(path: string, type: RunbookInput['type'], headers: Record<string, string>, body = '{}') {
  return judgeWebhook(
    { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: Buffer.from(body) },
    {
      trigger: webhookTriggerSchema.parse({
        isEnabled: true,
        authentication: 'none',
        inputMapping: [{ input: 'key', path }],
      }),
      secret: undefined,
      inputs: [inputOf(type)],
    },
  );
}

const refusalOf = (verdict: WebhookVerdict) => {
  if (verdict.ok) throw new Error('expected a refusal');
  return verdict;
};

describe('a webhook credential mapped to an input that is not text', () => {
  it('is •••• in the recorded inputs of a number input (X-Api-Key: 98765432)', () => {
    const verdict = judge('headers.x-api-key', 'number', { 'x-api-key': '98765432' });
    if (!verdict.ok) throw new Error(verdict.message);
    expect(verdict.inputs).toEqual({ key: 98765432 });
    expect(recordMaskFor(verdict.maskedValues)(verdict.inputs)).toEqual({ key: '••••' });
  });

  it('is •••• when it loses its leading zeros on the way to a number', () => {
    const verdict = judge('headers.x-api-key', 'number', { 'x-api-key': '0098765432' });
    if (!verdict.ok) throw new Error(verdict.message);
    expect(recordMaskFor(verdict.maskedValues)(verdict.inputs)).toEqual({ key: '••••' });
  });

  it.each(['number', 'boolean', 'json'] as const)(
    'is not quoted when the Authorization header does not fit a %s input',
    (type) => {
      const refusal = refusalOf(
        judge('headers.authorization', type, { authorization: 'Bearer sk-live-abcdef123' }),
      );
      expect(refusal.code).toBe('invalid_inputs');
      expect(refusal.message).toContain('••••');
      expect(refusal.message).not.toMatch(/sk-live|abcdef|Bearer/);
    },
  );
});

describe('a refusal of a delivery', () => {
  it('quotes a short part of a 900 KB value that does not fit its input, never all of it', () => {
    const body = JSON.stringify({ x: { a: `${'A'.repeat(900_000)}\n\u001b[31mFAKE LOG LINE` } });
    const refusal = refusalOf(judge('$.x', 'number', {}, body));
    expect(refusal.code).toBe('invalid_inputs');
    expect(refusal.message).toMatch(
      /^The input "key" must be a number, not \{"a":"AAAA+…\. \(mapped from the payload\)$/,
    );
    expect(refusal.message.length).toBeLessThan(200);
  });

  it('writes the control characters of the keys it names as \\uXXXX (no forged log line)', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 70; level += 1) deep = { '\n\u001b[2Kevil': deep };
    const refusal = refusalOf(judge('$.x', 'number', {}, JSON.stringify(deep)));
    expect(refusal.code).toBe('payload_too_deep');
    expect(refusal.message).toContain('.\\u000A\\u001B[2Kevil');
    expect(refusal.message).not.toContain('\n');
    expect(refusal.message).not.toContain('\u001b');
  });

  it.each(['wrong', 'password', 'name'])(
    'says the user name or password is wrong in full when the wrong password sent is "%s"',
    (password) => {
      const verdict = judgeWebhook(
        {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(`halo:${password}`).toString('base64')}` },
          body: Buffer.from('{}'),
        },
        {
          trigger: webhookTriggerSchema.parse({ isEnabled: true, authentication: 'basic', username: 'halo' }),
          secret: 'the right one',
          inputs: [],
        },
      );
      expect(refusalOf(verdict).message).toBe('The user name or password is wrong.');
    },
  );

  it('refuses a lone UTF-16 surrogate instead of passing U+FFFD to the run in its place', () => {
    for (const body of ['{"key": "\\ud800abc"}', '{"a": [1, {"\\udc00": 2}]}']) {
      const refusal = refusalOf(judge('$.key', 'string', {}, body));
      expect(refusal).toMatchObject({ status: 422, code: 'invalid_json' });
      expect(refusal.message).toContain('lone UTF-16 surrogate');
    }
    expect(refusalOf(judge('$.key', 'string', {}, '{"key": "\\ud800abc"}')).message).toContain('at $.key;');
    expect(judge('$.key', 'string', {}, '{"key": "\\ud83d\\ude00"}').ok).toBe(true);
  });
});

describe('a delivery mapped to an input named "__proto__" (a valid input name)', () => {
  it('is taken, its value mapped to that input', () => {
    const verdict = judgeWebhook(
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('{"name": "hello"}'),
      },
      {
        trigger: webhookTriggerSchema.parse({
          isEnabled: true,
          authentication: 'none',
          inputMapping: [{ input: '__proto__', path: '$.name' }],
        }),
        secret: undefined,
        inputs: [{ ...inputOf('string'), name: '__proto__' }],
      },
    );
    expect(verdict.ok ? '' : verdict.message).toBe('');
    expect(verdict.ok && JSON.stringify(verdict.inputs)).toBe('{"__proto__":"hello"}');
  });
});
