/**
 * The schedule's settings in the Start step: active or paused, a preset or a cron expression
 * (five fields, or six with seconds first), the time zone, the next five times computed here
 * with the same parser the backend uses, the last run and runs missed while the app was closed
 * (MissedRunsNote.tsx).
 */
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import type { TriggerStatus } from '../../../../../shared/domain/runbook';
import { nextTimes, parseCron, timeZoneProblem } from '../../../../../shared/schedule/cron';
import type { ScheduleTrigger } from '../../../../../shared/runbook/stepTypes';
import { messageOf } from '../../../app/errorMessage';
import { ScheduleClients } from '../../runGroups/ScheduleClients';
import { MissedRunsNote } from './MissedRunsNote';

const schedulePresets: readonly { label: string; expression: string }[] = [
  { label: 'Every minute', expression: '* * * * *' },
  { label: 'Every 5 minutes', expression: '*/5 * * * *' },
  { label: 'Every hour', expression: '0 * * * *' },
  { label: 'Every day at 09:00', expression: '0 9 * * *' },
  { label: 'Weekdays at 09:00', expression: '0 9 * * 1-5' },
  { label: 'Mondays at 08:00', expression: '0 8 * * 1' },
  { label: 'First of the month at 06:00', expression: '0 6 1 * *' },
];

const timeZones: readonly string[] = (() => {
  try {
    return (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
})();

/**
 * The time in the schedule's time zone; while the field holds no zone the window knows (half
 * typed: "Europe/Lond", or emptied) in the window's own, naming it — Intl throws on an unknown zone.
 */
const formatIn = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    ...(timeZoneProblem(timeZone) === undefined ? { timeZone } : { timeZoneName: 'short' }),
  }).format(new Date(iso));

/** The longest the list waits before looking at the clock again (a machine asleep stops timers). */
const maxRefreshMs = 60_000;

/**
 * The next five fire times of the schedule from now, or why it has none. The list moves on when its
 * first time passes, so a panel left open (or a paused schedule's "once resumed" list) never shows
 * a time already past.
 */
function usePreview(schedule: ScheduleTrigger): { times: string[]; error: string | null; now: number } {
  const [now, setNow] = useState(() => Date.now());
  const preview = useMemo(() => {
    const zoneProblem = timeZoneProblem(schedule.timeZone);
    if (zoneProblem !== undefined) return { times: [], error: zoneProblem };
    try {
      const times = nextTimes(parseCron(schedule.expression), schedule.timeZone, new Date(now), 5);
      return {
        times: times.map((time) => time.toISOString()),
        error: times.length === 0 ? 'This schedule never fires.' : null,
      };
    } catch (error) {
      return { times: [], error: messageOf(error) };
    }
  }, [schedule.expression, schedule.timeZone, now]);
  const [first] = preview.times;
  useEffect(() => {
    if (first === undefined) return undefined;
    const wait = Math.min(Math.max(Date.parse(first) - Date.now(), 0) + 1, maxRefreshMs);
    const timer = setTimeout(() => setNow(Date.now()), wait);
    return () => clearTimeout(timer);
  }, [first, now]);
  return { ...preview, now };
}

/**
 * The next time the published version fires, when the draft's list (`shown`, from `now`) differs
 * from the times it fires (`fires`, the backend's) where the two overlap: the draft's schedule
 * was edited and not published yet, so the list shows runs that will not happen. Undefined when
 * they agree, or when nothing is left to compare.
 */
function publishedNextWhenDiffering(shown: readonly string[], fires: readonly string[], now: number) {
  const upcoming = fires.filter((time) => Date.parse(time) > now);
  const [lastShown, lastFired] = [shown.at(-1), upcoming.at(-1)];
  if (lastShown === undefined || lastFired === undefined) return undefined;
  const end = Math.min(Date.parse(lastShown), Date.parse(lastFired));
  const upTo = (times: readonly string[]) => times.filter((time) => Date.parse(time) <= end).join();
  return upTo(shown) === upTo(upcoming) ? undefined : upcoming[0];
}

/** Active or paused, with the button that switches. */
function ScheduleState({
  schedule,
  onChange,
}: {
  schedule: ScheduleTrigger;
  onChange: (next: ScheduleTrigger) => void;
}): ReactElement {
  return (
    <div className="trigger-state">
      <span className={`badge ${schedule.isPaused ? 'badge-warn' : 'badge-ok'}`}>
        {schedule.isPaused ? 'Paused' : 'Active'}
      </span>
      <button
        type="button"
        className="button button-small"
        onClick={() => onChange({ ...schedule, isPaused: !schedule.isPaused })}
      >
        {schedule.isPaused ? 'Resume' : 'Pause'}
      </button>
    </div>
  );
}

/** The preset, the cron expression and the time zone. */
function ScheduleFields({
  schedule,
  isInvalid,
  onChange,
}: {
  schedule: ScheduleTrigger;
  isInvalid: boolean;
  onChange: (next: ScheduleTrigger) => void;
}): ReactElement {
  const preset = schedulePresets.find((candidate) => candidate.expression === schedule.expression);
  return (
    <>
      <label className="inline-label">
        Repeat
        <select
          value={preset?.expression ?? ''}
          onChange={(event) => {
            if (event.target.value !== '') onChange({ ...schedule, expression: event.target.value });
          }}
        >
          <option value="">Custom cron expression</option>
          {schedulePresets.map((candidate) => (
            <option key={candidate.expression} value={candidate.expression}>
              {candidate.label}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-label">
        Cron expression
        <input
          className="mono"
          value={schedule.expression}
          spellCheck={false}
          aria-invalid={isInvalid}
          aria-describedby="schedule-hint"
          onChange={(event) => onChange({ ...schedule, expression: event.target.value })}
        />
      </label>
      <p id="schedule-hint" className="hint">
        minute hour day month weekday — or six fields with seconds first.
      </p>
      <label className="inline-label">
        Time zone
        <input
          list="time-zones"
          value={schedule.timeZone}
          spellCheck={false}
          onChange={(event) => onChange({ ...schedule, timeZone: event.target.value })}
        />
      </label>
      <datalist id="time-zones">
        {timeZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}

/** The schedule's part of the Start step, shown while the schedule is switched on. */
export function ScheduleSettings({
  runbookId,
  schedule,
  status,
  onChange,
}: {
  runbookId: string;
  schedule: ScheduleTrigger;
  status: TriggerStatus | null;
  onChange: (next: ScheduleTrigger) => void;
}): ReactElement {
  const preview = usePreview(schedule);
  const publishedNext =
    status?.version == null
      ? undefined
      : publishedNextWhenDiffering(preview.times, status.schedule.nextTimes, preview.now);
  return (
    <>
      <ScheduleState schedule={schedule} onChange={onChange} />
      <ScheduleFields schedule={schedule} isInvalid={preview.error !== null} onChange={onChange} />
      <ScheduleClients schedule={schedule} onChange={onChange} />
      {preview.error !== null ? (
        <p className="field-error" role="alert">
          {preview.error}
        </p>
      ) : (
        <div>
          <h4>Next five runs{schedule.isPaused ? ' (once resumed)' : ''}</h4>
          <ol className="next-times" aria-label="Next five runs">
            {preview.times.map((time) => (
              <li key={time}>
                <time dateTime={time}>{formatIn(time, schedule.timeZone)}</time>
              </li>
            ))}
          </ol>
          {publishedNext !== undefined && status?.version != null && (
            <p className="hint warn-text" role="note">
              These times apply once published: until then version {status.version.number} keeps its schedule,
              next at <time dateTime={publishedNext}>{formatIn(publishedNext, schedule.timeZone)}</time>.
            </p>
          )}
        </div>
      )}
      {status?.schedule.lastFiredAt != null && (
        <p className="hint">Last run {formatIn(status.schedule.lastFiredAt, schedule.timeZone)}.</p>
      )}
      <MissedRunsNote runbookId={runbookId} status={status} />
    </>
  );
}
