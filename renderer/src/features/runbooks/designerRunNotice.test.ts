import { describe, expect, it } from 'vitest';
import { runEndNotice } from './designerRun';

describe('the notice of a designer run that ended', () => {
  it('says the status alone when the error only says it again', () => {
    expect(runEndNotice('cancelled', 'Cancelled.')).toBe('Run cancelled');
    expect(runEndNotice('failed', 'failed')).toBe('Run failed');
  });

  it('says the message or the error after the status', () => {
    expect(runEndNotice('succeeded', 'T-1042 opened')).toBe('Run succeeded: T-1042 opened');
    expect(runEndNotice('failed', 'The API answered 500.')).toBe('Run failed: The API answered 500.');
    expect(
      runEndNotice('cancelled', 'Cancelled while the request waited for the rate limit: it was not sent.'),
    ).toBe('Run cancelled: Cancelled while the request waited for the rate limit: it was not sent.');
    expect(runEndNotice('succeeded', null)).toBe('Run succeeded');
  });
});
