import { describe, expect, it } from 'vitest';
import { neighbourOf, refocusWhenLost, type FrameClock, type ListRow } from './focusReturn';

/** A clock whose frames run when the test says, with focus lost or not as the test sets it. */
function testClock(): FrameClock & { isLost: boolean; runFrames: (count: number) => number } {
  let queue: (() => void)[] = [];
  const clock = {
    isLost: false,
    nextFrame: (callback: () => void) => queue.push(callback),
    isFocusLost: () => clock.isLost,
    runFrames: (count: number) => {
      let ran = 0;
      for (let frame = 0; frame < count && queue.length > 0; frame += 1) {
        const due = queue;
        queue = [];
        for (const callback of due) callback();
        ran += 1;
      }
      return ran;
    },
  };
  return clock;
}

function target(): { focus: () => void; focused: number } {
  const element = { focused: 0, focus: () => (element.focused += 1) };
  return element;
}

describe('refocusWhenLost', () => {
  it('focuses what replaces the page when focus was lost', () => {
    const clock = testClock();
    clock.isLost = true;
    const button = target();
    refocusWhenLost(() => button, 100, clock);
    clock.runFrames(1);
    expect(button.focused).toBe(1);
    expect(clock.runFrames(10)).toBe(0); // done: no frame asked for any more
  });

  it('leaves focus where the user has it', () => {
    const clock = testClock();
    const button = target();
    refocusWhenLost(() => button, 100, clock);
    clock.runFrames(1);
    expect(button.focused).toBe(0);
    expect(clock.runFrames(10)).toBe(0);
  });

  it('waits for the page to draw what takes focus', () => {
    const clock = testClock();
    clock.isLost = true;
    const button = target();
    let isDrawn = false;
    refocusWhenLost(() => (isDrawn ? button : null), 100, clock);
    clock.runFrames(5);
    expect(button.focused).toBe(0);
    isDrawn = true;
    clock.runFrames(1);
    expect(button.focused).toBe(1);
  });

  it('gives up after the frames it was given', () => {
    const clock = testClock();
    refocusWhenLost(() => null, 4, clock);
    expect(clock.runFrames(100)).toBe(4);
  });
});

describe('neighbourOf', () => {
  interface Row extends ListRow<Row> {
    name: string;
  }
  const rows = (names: string[]): Row[] => {
    const made: Row[] = names.map((name) => ({
      name,
      nextElementSibling: null,
      previousElementSibling: null,
    }));
    made.forEach((row, index) => {
      row.nextElementSibling = made[index + 1] ?? null;
      row.previousElementSibling = made[index - 1] ?? null;
    });
    return made;
  };

  it('is the row after a deleted one', () => {
    expect(neighbourOf(rows(['a', 'b', 'c'])[1] as Row)?.name).toBe('c');
  });

  it('is the row before when the last one goes', () => {
    expect(neighbourOf(rows(['a', 'b', 'c'])[2] as Row)?.name).toBe('b');
  });

  it('is none when the only row goes', () => {
    expect(neighbourOf(rows(['a'])[0] as Row)).toBeNull();
  });
});
