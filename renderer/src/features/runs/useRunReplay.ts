/** Replaying a run's path on its page's canvas: one more step every 700 ms, or up to where the slider is set. */
import { useEffect, useRef, useState } from 'react';

/** The replay of a run of `recordCount` step records, and the ways to start, stop and move it. */
export interface RunReplay {
  /** How many records the replay has reached; null when not replaying (every record shows). */
  replayAt: number | null;
  /** How many records the canvas shows. */
  upTo: number;
  /** Starts again from no record, one more every 700 ms; stops after the last. */
  replay: () => void;
  stop: () => void;
  /** Shows the first `count` records (all of them ends the replay). */
  seek: (count: number) => void;
}

export function useRunReplay(recordCount: number): RunReplay {
  const [replayAt, setReplayAt] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined);
  useEffect(() => () => clearInterval(timer.current), []);

  const replay = () => {
    clearInterval(timer.current);
    setReplayAt(0);
    timer.current = setInterval(() => {
      setReplayAt((at) => {
        const next = (at ?? 0) + 1;
        if (next >= recordCount) {
          clearInterval(timer.current);
          return null;
        }
        return next;
      });
    }, 700);
  };
  const stop = () => {
    clearInterval(timer.current);
    setReplayAt(null);
  };
  const seek = (count: number) => {
    clearInterval(timer.current);
    setReplayAt(count >= recordCount ? null : count);
  };
  return { replayAt, upTo: replayAt ?? recordCount, replay, stop, seek };
}
