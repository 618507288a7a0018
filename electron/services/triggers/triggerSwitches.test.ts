import { describe, expect, it } from 'vitest';
import { startStep } from '../../../shared/runbook/steps/start';
import type { StartStep } from '../../../shared/runbook/stepTypes';
import { withDraftSwitches } from './triggerSwitches';

const start = (fields: Record<string, unknown>): StartStep =>
  startStep.schema.parse({ id: 'start', name: 'Start', type: 'start', ...fields }) as StartStep;

const published = start({
  webhook: { isEnabled: true, authentication: 'none' },
  schedule: { isEnabled: true, expression: '*/5 * * * *', timeZone: 'UTC' },
});

describe('withDraftSwitches', () => {
  it("takes the webhook's on/off and the schedule's pause from the draft, the rest as published", () => {
    const draft = start({
      webhook: { isEnabled: false, authentication: 'signature' },
      schedule: { isEnabled: true, expression: '0 9 * * *', timeZone: 'Europe/Paris', isPaused: true },
    });
    expect(withDraftSwitches(published, draft)).toEqual(
      start({
        webhook: { isEnabled: false, authentication: 'none' },
        schedule: { isEnabled: true, expression: '*/5 * * * *', timeZone: 'UTC', isPaused: true },
      }),
    );
  });

  it('leaves the schedule on until published when the draft unticks it', () => {
    const draft = start({ webhook: { isEnabled: true }, schedule: { isEnabled: false } });
    expect(withDraftSwitches(published, draft)?.schedule?.isEnabled).toBe(true);
  });

  it('cannot switch on a trigger the published version does not have', () => {
    const draft = start({ webhook: { isEnabled: true } });
    expect(withDraftSwitches(start({}), draft)?.webhook).toBeUndefined();
  });

  it('changes nothing when the draft cannot be read', () => {
    expect(withDraftSwitches(published, undefined)).toBe(published);
  });
});
