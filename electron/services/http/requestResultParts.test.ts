import { describe, expect, it } from 'vitest';
import { maxShownBodyBytes } from '../../../shared/domain/requestResult';
import { readOutputs, toReceivedResponse, toSentRequest } from './requestResultParts';
import { createSecretMasker } from './secretMasking';

const responseOf = (text: string) => ({
  status: 200,
  statusText: 'OK',
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(text),
  durationMs: 1,
});

describe('output variables read from a response', () => {
  it('refuses a value an API nests 100,000 deep, saying so, instead of overflowing the stack', () => {
    const depth = 100_000;
    const response = responseOf(`{"id": 7, "tree": ${'['.repeat(depth)}${']'.repeat(depth)}}`);
    const outputs = readOutputs(
      [
        { name: 'tree', expression: 'response^tree' },
        { name: 'id', expression: 'response^id!' },
      ],
      response,
    );
    expect(outputs).toEqual([
      {
        name: 'tree',
        expression: 'response^tree',
        value: null,
        error: expect.stringContaining('more than 64 levels deep') as unknown,
      },
      { name: 'id', expression: 'response^id!', value: '7' },
    ]);
  });

  it('keeps a value nested 60 deep', () => {
    const response = responseOf(`{"tree": ${'['.repeat(60)}1${']'.repeat(60)}}`);
    const [tree] = readOutputs([{ name: 'tree', expression: 'response^tree' }], response);
    expect(tree?.error).toBeUndefined();
    // Halo paths give text: the tree comes back whole, as JSON.
    expect(tree?.value).toBe(`${'['.repeat(60)}1${']'.repeat(60)}`);
  });
});

describe('bodies shown', () => {
  const secret = 'tok/en&<secret-value>';
  const mask = createSecretMasker([secret]);
  it('mask a secret that reaches across the cut, leaving no part of it in clear', () => {
    for (const before of [10, 4, 1]) {
      const body = Buffer.from(`${'x'.repeat(maxShownBodyBytes - before)}${secret}END`);
      const shown = toReceivedResponse({ ...responseOf(''), body }, mask);
      expect(shown.isBodyTruncated).toBe(true);
      // Booleans: a failure must not print a megabyte.
      // After the x's, only the mask — cut wherever the byte limit falls — and nothing of the secret.
      expect(shown.body.replace(/^x+/, '')).toMatch(/^[•\uFFFD]+$/);
      const sent = toSentRequest(
        { method: 'POST', url: new URL('http://127.0.0.1/'), headers: {}, body },
        mask,
      );
      expect(sent.body === shown.body).toBe(true);
    }
  });
});
