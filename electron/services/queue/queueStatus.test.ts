/** The workers the Settings panel lists: lapsed entries left out, sorted by id. */
import { describe, expect, it } from 'vitest';
import { workersOf } from './queueStatus';

describe('workersOf', () => {
  it('leaves out lapsed entries and sorts the rest by id', () => {
    const entry = (id: string) =>
      JSON.stringify({
        id,
        host: 'h',
        pid: 1,
        concurrency: 2,
        running: 0,
        done: 0,
        startedAt: 's',
        lastSeen: 'l',
      });
    expect(workersOf([entry('b'), null, entry('a')]).map((worker) => worker.id)).toEqual(['a', 'b']);
  });
});
