/** What a send gives when its request never left, and what a run's record adds to one that did. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/appError';
import type { RequestResult } from '../../../shared/domain/requestResult';
import type { ConfigurationAccess } from '../http/httpCore';
import {
  noConfiguration,
  notSentWithoutRecord,
  rehearsalConfiguration,
  withRateLimitWait,
} from './sendResults';

const sent: RequestResult = {
  request: { method: 'GET', url: 'https://crm.example/a', headers: {}, body: null },
  response: null,
  outputs: [],
  durationMs: 5,
  attempts: 1,
  error: null,
  rateLimitWaitMs: 1_200,
};

describe('notSentWithoutRecord', () => {
  it('says the request was not sent, with the reason the record could not be kept', () => {
    expect(notSentWithoutRecord(new AppError('conflict', 'The run was deleted.')).error).toEqual({
      code: 'conflict',
      message: 'The request was not sent. The run was deleted.',
    });
    expect(notSentWithoutRecord(new Error('disk I/O error')).error).toEqual({
      code: 'internal',
      message: 'The request was not sent. The step record could not be saved.',
    });
  });
});

describe('withRateLimitWait', () => {
  it('notes on the request how long it waited and for whose limit', () => {
    expect(withRateLimitWait(sent, () => 'CRM').request?.rateLimitWait).toEqual({
      waitedMs: 1_200,
      integrationName: 'CRM',
    });
    expect(withRateLimitWait(sent, () => undefined).request?.rateLimitWait?.integrationName).toBe(
      'its integration',
    );
  });

  it('leaves a result that waited for nothing, or sent nothing, as it is', () => {
    const unlimited = { ...sent, rateLimitWaitMs: undefined };
    expect(withRateLimitWait(unlimited, () => 'CRM')).toBe(unlimited);
  });
});

describe('rehearsalConfiguration', () => {
  const stored: ConfigurationAccess = { ...noConfiguration, baseUrl: 'https://stored.example' };

  it('keeps a stored base URL, and one the integration fixes', () => {
    expect(rehearsalConfiguration(stored, { baseUrlMode: 'per_configuration' }, 'https://else.example')).toBe(
      stored,
    );
    expect(rehearsalConfiguration(null, { baseUrlMode: 'fixed' }, 'https://else.example')).toBeNull();
  });

  it('works a request out against the base URL given when none is stored', () => {
    const configuration = rehearsalConfiguration(
      null,
      { baseUrlMode: 'per_configuration' },
      'https://else.example',
    );
    expect(configuration?.baseUrl).toBe('https://else.example');
    expect(configuration?.credentials.get('token')).toBeUndefined();
  });
});
