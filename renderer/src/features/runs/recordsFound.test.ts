import { describe, expect, it } from 'vitest';
import { noRecordFind, recordsFound } from './recordsFound';

const records = [
  { seq: 1, stepId: 'start', status: 'succeeded' },
  { seq: 2, stepId: 'get_ticket', status: 'succeeded' },
  { seq: 3, stepId: 'close_ticket', status: 'failed' },
  { seq: 4, stepId: 'notify', status: 'skipped' },
  { seq: 5, stepId: 'get_ticket', status: 'failed' },
];
const names: Record<string, string> = {
  start: 'Start',
  get_ticket: 'Get ticket',
  close_ticket: 'Close Ticket',
  notify: 'Tell the team',
};
const nameOf = (stepId: string) => names[stepId] ?? stepId;
const seqs = (found: readonly { seq: number }[]) => found.map((record) => record.seq);

describe('recordsFound', () => {
  it('lists every record, the same list, when nothing is looked for', () => {
    expect(recordsFound(records, noRecordFind, nameOf)).toBe(records);
    expect(recordsFound(records, { text: '   ', isFailedOnly: false }, nameOf)).toBe(records);
  });

  it('finds by the step name in any case, and by its id', () => {
    expect(seqs(recordsFound(records, { text: 'TICKET', isFailedOnly: false }, nameOf))).toEqual([2, 3, 5]);
    expect(seqs(recordsFound(records, { text: ' team ', isFailedOnly: false }, nameOf))).toEqual([4]);
    expect(seqs(recordsFound(records, { text: 'notify', isFailedOnly: false }, nameOf))).toEqual([4]);
    expect(recordsFound(records, { text: 'nothing like it', isFailedOnly: false }, nameOf)).toEqual([]);
  });

  it('keeps only the failed ones when asked, with or without text', () => {
    expect(seqs(recordsFound(records, { text: '', isFailedOnly: true }, nameOf))).toEqual([3, 5]);
    expect(seqs(recordsFound(records, { text: 'get', isFailedOnly: true }, nameOf))).toEqual([5]);
  });
});
