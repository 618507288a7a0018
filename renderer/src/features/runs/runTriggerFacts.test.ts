import { describe, expect, it } from 'vitest';
import { triggerFactsOf } from './runTriggerFacts';

describe('triggerFactsOf', () => {
  it('shows a webhook run its payload', () => {
    expect(triggerFactsOf({ trigger: 'webhook', triggerBody: { ticket: 7 } })).toEqual({
      kind: 'payload',
      title: 'Webhook payload',
      payload: { ticket: 7 },
    });
  });

  it('shows a webhook run without a body an empty payload', () => {
    expect(triggerFactsOf({ trigger: 'webhook', triggerBody: null })).toMatchObject({
      kind: 'payload',
      payload: null,
    });
  });

  it('shows a scheduled run the time it was due, not a payload', () => {
    expect(
      triggerFactsOf({ trigger: 'schedule', triggerBody: { scheduledAt: '2026-12-01T09:00:00.000Z' } }),
    ).toEqual({ kind: 'scheduled', scheduledAt: '2026-12-01T09:00:00.000Z' });
  });

  it('shows a scheduled run that kept no time without one', () => {
    expect(triggerFactsOf({ trigger: 'schedule', triggerBody: { scheduledAt: 'soon' } })).toEqual({
      kind: 'scheduled',
      scheduledAt: null,
    });
    expect(triggerFactsOf({ trigger: 'schedule', triggerBody: null })).toEqual({
      kind: 'scheduled',
      scheduledAt: null,
    });
  });

  it.each([
    ['manual', 'Started by hand.'],
    ['cli', 'Started from the command line.'],
  ] as const)('shows a %s run how it started, without a payload', (trigger, text) => {
    expect(triggerFactsOf({ trigger, triggerBody: null })).toEqual({ kind: 'started', text });
  });

  it('shows a re-run the trigger body it carried over', () => {
    expect(triggerFactsOf({ trigger: 'rerun', triggerBody: { ticket: 7 } })).toEqual({
      kind: 'payload',
      title: 'Trigger body of the earlier run',
      payload: { ticket: 7 },
    });
    expect(triggerFactsOf({ trigger: 'rerun', triggerBody: null })).toEqual({
      kind: 'started',
      text: 'Started again from an earlier run.',
    });
  });
});
