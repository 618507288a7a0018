import { describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from './integrationDefinition';
import { shareableIntegration } from '../io/runbookFile';
import { hasRateLimits, rateLimitsSchema } from './rateLimits';

describe('rate limits', () => {
  it('are none in a definition stored before they existed', () => {
    const definition = integrationDefinitionSchema.parse({ behaviour: {} });
    expect(definition.behaviour.rateLimits).toEqual({
      requestsPerSecond: null,
      requestsPerMinute: null,
      concurrentRequests: null,
    });
    expect(hasRateLimits(definition.behaviour.rateLimits)).toBe(false);
  });

  it('take positive whole numbers within sensible maxima, and say why they refuse others', () => {
    expect(rateLimitsSchema.parse({ requestsPerSecond: 20, concurrentRequests: 5 })).toMatchObject({
      requestsPerSecond: 20,
      requestsPerMinute: null,
      concurrentRequests: 5,
    });
    const messageOf = (value: unknown) =>
      rateLimitsSchema.safeParse({ requestsPerSecond: value }).error?.issues[0]?.message;
    expect(messageOf(0)).toBe('Requests per second is at least 1 (leave it empty for no limit)');
    expect(messageOf(1.5)).toBe('Requests per second is a whole number');
    expect(messageOf(Number.NaN)).toBe('Requests per second is a whole number');
    expect(messageOf(10_001)).toBe('Requests per second is at most 10,000');
  });

  it('go into an export file when set, and are left out of it when there are none', () => {
    const exported = (behaviour: unknown) =>
      JSON.parse(
        JSON.stringify(
          shareableIntegration({
            name: 'CRM',
            category: 'Other',
            description: '',
            versionLabel: '',
            definition: integrationDefinitionSchema.parse({ behaviour }),
            methods: [],
          }).definition.behaviour,
        ),
      ) as Record<string, unknown>;
    expect(exported({})).not.toHaveProperty('rateLimits');
    expect(exported({ rateLimits: { requestsPerMinute: 100 } }).rateLimits).toEqual({
      requestsPerSecond: null,
      requestsPerMinute: 100,
      concurrentRequests: null,
    });
  });
});
