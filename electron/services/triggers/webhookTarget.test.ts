/** What a webhook delivery is judged by and starts, as the triggered version and the draft's switch say now. */
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import type { TriggeredVersion } from '../runbooks/publishedVersions';
import { startStepOf } from './triggeredStart';
import { notPublishedRefusal, webhookTargetFor, type WebhookTargetSources } from './webhookTarget';

const graphWith = (webhook: object) =>
  runbookGraphSchema.parse({
    steps: [
      { id: 'start', name: 'Start', type: 'start', webhook },
      { id: 'end', name: 'End', type: 'end' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'end' }],
  });

function targetWith(webhook: object, change: Partial<WebhookTargetSources> = {}) {
  const version = { id: 'v', number: 1, publishedAt: '', graph: graphWith(webhook) } as TriggeredVersion;
  const started: unknown[][] = [];
  const target = webhookTargetFor({
    hasRunbook: (id) => id === 'r',
    triggeredVersion: () => version,
    triggeredStart: (_id, published) => startStepOf(published),
    readSecret: () => {
      throw new Error('cannot decrypt');
    },
    startRun: (...args) => {
      started.push(args);
      return 'run';
    },
    ...change,
  });
  return { target, started, version };
}

describe('webhookTargetFor', () => {
  it('has no target for a runbook that is gone or whose webhook is off, and refuses one not published', () => {
    expect(targetWith({ isEnabled: true, authentication: 'none' }).target('gone')).toBeUndefined();
    expect(targetWith({ isEnabled: false, authentication: 'none' }).target('r')).toBeUndefined();
    expect(targetWith({ isEnabled: true }, { triggeredVersion: () => undefined }).target('r')).toEqual({
      refusal: notPublishedRefusal,
    });
  });

  it('reads no secret for a webhook without authentication, and starts the version that judged it', () => {
    const { target, started, version } = targetWith({ isEnabled: true, authentication: 'none' });
    const found = target('r');
    expect(found !== undefined && 'rules' in found ? found.rules.secret : 'none').toBeUndefined();
    if (found !== undefined && 'start' in found) found.start({ a: 1 }, { body: true }, ['masked']);
    expect(started).toEqual([['r', version, { a: 1 }, { body: true }, ['masked']]]);
  });
});
