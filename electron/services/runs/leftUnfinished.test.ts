/** What a stop left unfinished is settled at start-up, and the log says how many runs it failed. */
import { describe, expect, it } from 'vitest';
import { notStartedNote, settleLeftUnfinished } from './leftUnfinished';

function settle(interrupted: number | undefined, isOpenBy?: (owner: string) => boolean) {
  const marked: string[] = [];
  const ofOwners: (readonly string[] | undefined)[] = [];
  const notes: string[] = [];
  const groupOwners: (readonly string[] | undefined)[] = [];
  const log: string[] = [];
  settleLeftUnfinished({
    runs:
      interrupted === undefined
        ? undefined
        : {
            markInterrupted: (now, owners) => {
              marked.push(now);
              ofOwners.push(owners);
              return interrupted;
            },
            ownersOfGoingRuns: () => ['4242-aa@host', '4343-bb@host'],
          },
    runGroups: {
      markLeftWaiting: (note, owners) => {
        notes.push(note);
        groupOwners.push(owners);
        return 0;
      },
      ownersOfWaitingGroups: () => ['4242-aa@host', '4343-bb@host'],
    },
    ...(isOpenBy === undefined ? {} : { isOpenBy }),
    log: (line) => log.push(line),
    now: () => new Date('2026-11-23T10:00:00Z'),
  });
  return { marked, ofOwners, notes, groupOwners, log };
}

describe('settling what the last stop left unfinished', () => {
  it('fails the runs left going, as of now, and says how many', () => {
    const { marked, notes, log } = settle(2);
    expect(marked).toEqual(['2026-11-23T10:00:00.000Z']);
    expect(log).toEqual(['marked 2 run(s) left unfinished as failed (interrupted)']);
    expect(notes).toEqual([notStartedNote]);
  });

  it('with another process open, fails only the runs and waiting clients of processes gone', () => {
    const { ofOwners, notes, groupOwners, log } = settle(1, (owner) => owner === '4343-bb@host');
    expect(ofOwners).toEqual([['4242-aa@host']]);
    expect(log).toEqual(['marked 1 run(s) left unfinished as failed (interrupted)']);
    expect(notes).toEqual([notStartedNote]);
    expect(groupOwners).toEqual([['4242-aa@host']]);
    const allOpen = settle(0, () => true);
    expect(allOpen.marked).toEqual([]);
    expect(allOpen.notes).toEqual([]);
  });

  it('says nothing when no run was left going', () => {
    expect(settle(0).log).toEqual([]);
  });

  it('leaves the runs alone in queue mode, and still marks the clients left waiting', () => {
    const { marked, notes, log } = settle(undefined);
    expect(marked).toEqual([]);
    expect(log).toEqual([]);
    expect(notes).toEqual([notStartedNote]);
  });
});
