import { describe, expect, it } from 'vitest';
import { listedTriggerLabels } from './listedTriggerLabels';

const format = (iso: string) => `<${iso}>`;
const texts = (triggers: Parameters<typeof listedTriggerLabels>[0]) =>
  listedTriggerLabels(triggers, format).map((label) => `${label.text}${label.isActive ? ' (active)' : ''}`);

describe('listedTriggerLabels', () => {
  it('says the webhook is on or off', () => {
    expect(texts({ webhook: { isEnabled: true }, schedule: null })).toEqual(['Webhook on (active)']);
    expect(texts({ webhook: { isEnabled: false }, schedule: null })).toEqual(['Webhook off']);
  });

  it('gives an active schedule its next time, and says a paused one is paused', () => {
    expect(texts({ webhook: null, schedule: { isPaused: false, nextAt: '2026-12-02T09:00:00Z' } })).toEqual([
      'Next <2026-12-02T09:00:00Z> (active)',
    ]);
    expect(texts({ webhook: null, schedule: { isPaused: false, nextAt: null } })).toEqual([
      'Schedule on (active)',
    ]);
    expect(texts({ webhook: null, schedule: { isPaused: true, nextAt: null } })).toEqual(['Schedule paused']);
  });

  it('lists both triggers, webhook first', () => {
    expect(
      texts({ webhook: { isEnabled: false }, schedule: { isPaused: false, nextAt: '2026-12-02T09:00:00Z' } }),
    ).toEqual(['Webhook off', 'Next <2026-12-02T09:00:00Z> (active)']);
  });

  it('says when nothing starts the runbook on its own', () => {
    expect(texts({ webhook: null, schedule: null })).toEqual(['By hand only']);
    expect(texts(null)).toEqual(['No triggers']);
  });
});
