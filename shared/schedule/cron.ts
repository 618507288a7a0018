/**
 * Cron expressions for schedule triggers: parse once (`parseCron`), then list the next fire times
 * in an IANA time zone (`nextTimes`). Pure TypeScript; time zones come from `Intl` alone, so the
 * window checks schedules as they are typed with the same code the backend fires them with.
 */
export { CronError, parseCron, type CronSchedule } from './parseCron';
export { isValidTimeZone, nextTimes, timeZoneProblem } from './nextTimes';
