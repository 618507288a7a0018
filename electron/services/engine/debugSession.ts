/**
 * One debug run's session (PRODUCT.md §8 "debugging"): its breakpoints, the pause gate the engine
 * awaits before each step (pauseGate.ts), the commands that release it — Continue, Step over,
 * Stop — and the run context shown while it waits. A pause never waits forever: after
 * `timeoutMs` with no command the run is stopped, saying so (a window closed on a paused run).
 */
import type { DebugContext, DebugPause, ResolvedField } from '../../../shared/rehearsal/debugging';
import { descriptorOf } from '../../../shared/runbook/steps/stepRegistry';
import { resolveInRun, templateScope } from './executionContext';
import type { PauseGate, PausePoint } from './pauseGate';

/** How long a run stays paused with no command before it is stopped. */
export const defaultPauseTimeoutMs = 30 * 60 * 1000;

export interface DebugSessionOptions {
  runbookId: string;
  breakpoints: readonly string[];
  /** Tells the windows the run paused (the pause) or went on (null). */
  onPauseChanged(pause: DebugPause | null): void;
  timeoutMs?: number;
  now?: () => Date;
}

export interface DebugSession {
  gate: PauseGate;
  /** Where the run waits now, or null while it runs. */
  pause(): DebugPause | null;
  /** The run context at the pause (masked as the run records it), or undefined while it runs. */
  context(): DebugContext | undefined;
  /** Runs on to the next breakpoint; with `breakpoints`, those from now on. False: not paused. */
  continueRun(breakpoints?: readonly string[]): boolean;
  /** Runs the paused step and pauses before the next one. False: not paused. */
  stepOver(breakpoints?: readonly string[]): boolean;
  /** Ends the paused run as cancelled, its records kept. False: not paused. */
  stop(): boolean;
  /** The run has ended: no pause is waiting and none will come. */
  hasEnded(): boolean;
}

interface Waiting {
  pause: DebugPause;
  point: PausePoint;
  release(stopReason: string | undefined): void;
}

/** The paused step's templates as they resolve now: its values masked, an error where one fails. */
function resolvedFields(point: PausePoint): ResolvedField[] {
  const scope = templateScope(point.scope);
  return descriptorOf(point.step)
    .templatesOf(point.step as never)
    .filter((template) => template.includes('{{'))
    .map((template) => {
      try {
        return { template, value: point.mask(resolveInRun(template, point.scope, scope)), error: null };
      } catch (error) {
        return { template, value: null, error: point.mask((error as Error).message) };
      }
    });
}

function contextAt(waiting: Waiting): DebugContext {
  const { scope, mask } = waiting.point;
  return {
    pause: waiting.pause,
    inputs: mask(scope.inputs),
    vars: mask(scope.vars),
    steps: mask(scope.steps),
    items: mask(scope.items),
    fields: resolvedFields(waiting.point),
  };
}

export function createDebugSession(options: DebugSessionOptions): DebugSession {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? defaultPauseTimeoutMs;
  let breakpoints = new Set(options.breakpoints);
  let isSteppingOver = false;
  let waiting: Waiting | undefined;
  let isEnded = false;

  const minutes = (ms: number) =>
    ms >= 60_000 ? `${String(Math.round(ms / 60_000))} minutes` : `${String(ms)} ms`;

  function pauseAt(point: PausePoint, reason: DebugPause['reason']): Promise<string | undefined> {
    const pause: DebugPause = {
      runId: point.runId,
      runbookId: options.runbookId,
      stepId: point.step.id,
      stepName: point.step.name,
      seq: point.seq,
      reason,
      pausedAt: now().toISOString(),
    };
    return new Promise((resolve) => {
      const release = (stopReason: string | undefined) => {
        clearTimeout(timer);
        point.signal.removeEventListener('abort', onCancel);
        waiting = undefined;
        options.onPauseChanged(null);
        resolve(stopReason);
      };
      // The engine sees the cancellation and ends the run as cancelled.
      const onCancel = () => release(undefined);
      const timer = setTimeout(
        () =>
          release(
            `Stopped: the run stayed paused at "${point.step.name}" for ${minutes(timeoutMs)} with no Continue, Step over or Stop.`,
          ),
        timeoutMs,
      );
      // A paused run must not keep the process alive on its own (the app is closing).
      timer.unref();
      point.signal.addEventListener('abort', onCancel, { once: true });
      waiting = { pause, point, release };
      options.onPauseChanged(pause);
    });
  }

  const gate: PauseGate = {
    beforeStep: (point) => {
      if (point.signal.aborted) return undefined;
      const reason = isSteppingOver ? 'stepOver' : breakpoints.has(point.step.id) ? 'breakpoint' : undefined;
      isSteppingOver = false;
      return reason === undefined ? undefined : pauseAt(point, reason);
    },
    runEnded: () => {
      isEnded = true;
      waiting?.release('The run ended.');
    },
  };

  /** Lets the paused run go on, with the breakpoints given from now on. */
  const goOn = (breakpointsNow: readonly string[] | undefined, isStepping: boolean): boolean => {
    if (waiting === undefined) return false;
    if (breakpointsNow !== undefined) breakpoints = new Set(breakpointsNow);
    isSteppingOver = isStepping;
    waiting.release(undefined);
    return true;
  };

  return {
    gate,
    pause: () => waiting?.pause ?? null,
    context: () => (waiting === undefined ? undefined : contextAt(waiting)),
    continueRun: (breakpointsNow) => goOn(breakpointsNow, false),
    stepOver: (breakpointsNow) => goOn(breakpointsNow, true),
    stop: () => {
      if (waiting === undefined) return false;
      waiting.release('Stopped in the debugger.');
      return true;
    },
    hasEnded: () => isEnded,
  };
}
