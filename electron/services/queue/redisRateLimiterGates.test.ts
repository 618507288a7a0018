/** What the Redis rate limiter asks Redis, gate by gate, and how it reads what Redis announces. */
import { describe, expect, it } from 'vitest';
import { noRateLimits } from '../../../shared/domain/rateLimits';
import {
  gatesWithSavedLimits,
  limitMessageOf,
  releaseArgumentsOf,
  renewalBatchesOf,
  takeArgumentsOf,
  unansweredRefusal,
} from './redisRateLimiterGates';

const perSecond = { ...noRateLimits, requestsPerSecond: 5 };
const concurrent = { ...noRateLimits, concurrentRequests: 2 };

describe('gatesWithSavedLimits', () => {
  it('takes each owner’s limits as saved, none for limits removed, and keeps those of an owner gone', () => {
    const gates = [
      { key: 'configuration:c', limits: concurrent },
      { key: 'integration:i', limits: perSecond },
      { key: 'integration:gone', limits: perSecond },
    ];
    const saved = gatesWithSavedLimits(gates, ({ kind, id }) => {
      if (kind === 'configuration' && id === 'c') return { limits: null };
      return id === 'i' ? { limits: concurrent } : undefined;
    });
    expect(saved).toEqual([
      { key: 'configuration:c', limits: noRateLimits },
      { key: 'integration:i', limits: concurrent },
      { key: 'integration:gone', limits: perSecond },
    ]);
  });
});

describe('script arguments', () => {
  const gates = [
    { key: 'configuration:c', limits: concurrent },
    { key: 'integration:i', limits: perSecond },
  ];

  it('asks for a place with the pause first, then each gate’s three sets and limits (0: none)', () => {
    expect(takeArgumentsOf('i', gates)).toEqual({
      keys: [
        'rbd:limits:integration:i:pause',
        'rbd:limits:configuration:c:flight',
        'rbd:limits:configuration:c:second',
        'rbd:limits:configuration:c:minute',
        'rbd:limits:integration:i:flight',
        'rbd:limits:integration:i:second',
        'rbd:limits:integration:i:minute',
      ],
      args: [2, 0, 0, 0, 5, 0],
    });
  });

  it('gives a place back saying which windows each gate counts', () => {
    expect(releaseArgumentsOf(gates).args).toEqual(['configuration:c', 0, 0, 'integration:i', 1, 0]);
  });
});

describe('renewalBatchesOf', () => {
  it('renews the leases that sit in the same flight sets in one call', () => {
    const held = new Map([
      ['l1', ['a:flight', 'b:flight']],
      ['l2', ['b:flight']],
      ['l3', ['a:flight', 'b:flight']],
    ]);
    expect(renewalBatchesOf(held)).toEqual([
      { flights: ['a:flight', 'b:flight'], leases: ['l1', 'l3'] },
      { flights: ['b:flight'], leases: ['l2'] },
    ]);
  });
});

describe('limitMessageOf', () => {
  it('reads a place given back, a pause with how long is left, and nothing else', () => {
    expect(limitMessageOf('released integration:i')).toEqual({ kind: 'released', gateKey: 'integration:i' });
    expect(limitMessageOf('paused i 1500')).toEqual({ kind: 'paused', integrationId: 'i', forMs: 1500 });
    expect(limitMessageOf('hello')).toBeUndefined();
  });
});

describe('unansweredRefusal', () => {
  it('says how long it waited when Redis did not answer in time', () => {
    expect(unansweredRefusal(new Error('Command timed out'), 30_000).message).toBe(
      'The request was not sent: the shared rate limit could not be checked in Redis (Command timed out: no answer within 30 s).',
    );
    expect(unansweredRefusal(new Error('Connection is closed.'), 30_000).message).toBe(
      'The request was not sent: the shared rate limit could not be checked in Redis (Connection is closed.).',
    );
  });
});
