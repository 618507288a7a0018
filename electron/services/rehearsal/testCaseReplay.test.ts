/** Which recording answers a replayed step: its own runbook's, else a child's by id, else by name. */
import { describe, expect, it } from 'vitest';
import type { RecordedStep } from '../../../shared/rehearsal/testCase';
import { recordingQueues } from './testCaseReplay';

const recorded = (
  stepId: string,
  runbook: string | null,
  runbookId: string | null,
  error: string,
): RecordedStep => ({
  runbook,
  runbookId,
  stepId,
  request: null,
  response: null,
  error,
});

describe('recordingQueues', () => {
  it('hands a step of the case’s own runbook its recordings in the order they ran, then nothing', () => {
    const queues = recordingQueues(
      [recorded('call', null, null, 'first'), recorded('call', null, null, 'second')],
      () => true,
    );
    expect(queues.takeOwn('call')?.error).toBe('first');
    expect(queues.takeOwn('call')?.error).toBe('second');
    expect(queues.takeOwn('call')).toBeUndefined();
  });

  it('finds a child runbook’s recordings by its id when that runbook is here, whatever its name now', () => {
    const queues = recordingQueues([recorded('open', 'Old name', 'child', 'by id')], (id) => id === 'child');
    expect(queues.takeChild('child', 'New name', 'open')?.error).toBe('by id');
    expect(queues.takeOwn('open')).toBeUndefined();
  });

  it('falls back to the name for a child runbook that is not here, or a case saved without ids', () => {
    const queues = recordingQueues(
      [recorded('open', 'Open ticket', 'gone', 'gone id'), recorded('open', 'Open ticket', null, 'no id')],
      () => false,
    );
    expect(queues.takeChild('other', 'Open ticket', 'open')?.error).toBe('gone id');
    expect(queues.takeChild('other', 'Open ticket', 'open')?.error).toBe('no id');
    expect(queues.takeChild('other', 'Another', 'open')).toBeUndefined();
  });
});
