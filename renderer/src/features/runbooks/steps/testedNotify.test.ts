import { describe, expect, it } from 'vitest';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import type { ApprovalNotify } from '../../../../../shared/runbook/steps/approval';
import { exampleApprovalLink, noListenerWarning, testedNotify } from './testedNotify';

const notify = (text: string): ApprovalNotify => ({
  methodId: 'm1',
  configuration: { mode: 'primary' },
  arguments: { text },
  onFailure: 'fail',
});

const step = (text: string): StepOf<'approval'> => ({
  id: 'ask',
  name: 'Ask',
  type: 'approval',
  message: 'Deploy {{inputs.ticket}}?',
  approvers: '',
  instructions: '',
  timeoutMinutes: 90,
  notify: notify(text),
});

const tested = (text: string, isListening: boolean) => {
  const asking = step(text);
  return testedNotify(asking, notify(text), new Date('2026-12-02T10:00:00.000Z'), isListening);
};

describe("a Wait for approval's Notify request under test", () => {
  it('gives the message as the step says it, the expiry a run would set, and a link that leads nowhere', () => {
    expect(tested('{{approval.link}}', true)).toMatchObject({
      stepId: 'ask',
      title: 'Test Notify · Ask',
      arguments: { text: '{{approval.link}}' },
      examples: {
        approval: {
          link: exampleApprovalLink,
          message: 'Deploy {{inputs.ticket}}?',
          expiresAt: '2026-12-02T11:30:00.000Z',
        },
      },
      isPinnable: false,
      warning: undefined,
    });
    expect(new URL(exampleApprovalLink).hostname.endsWith('.invalid')).toBe(true);
  });

  it('warns that a run would not send it while no webhook listener makes links, if it uses one', () => {
    expect(tested('Decide at {{ approval.link }}', false).warning).toBe(noListenerWarning);
    expect(tested('{{approval.message}} by {{approval.expiresAt}}', false).warning).toBeUndefined();
    expect(tested('{{approval.link', false).warning).toBe(noListenerWarning);
  });
});
