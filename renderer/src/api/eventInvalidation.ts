/**
 * Which cached answers a backend event makes stale. One table, read by the one subscription the
 * window keeps (`useEventInvalidation` in resources.ts, mounted by the app frame): a page never
 * listens for events to reload itself, it reads with `useCall` and the table keeps it fresh.
 */
import type { CallName, EventName } from '../../../shared/api/contract';

/** The reads whose answers may change when the event is published. */
export const callsInvalidatedBy: Readonly<Record<EventName, readonly CallName[]>> = {
  'integrations.changed': [
    'integrations.list',
    'integrations.get',
    'integrations.definition',
    'integrations.deletionImpact',
    'integrations.logo',
  ],
  // A configuration's client, and a runbook's steps, change which clients it can run for.
  'configurations.changed': ['configurations.list', 'integrations.deletionImpact', 'runGroups.clients'],
  'methods.changed': ['methods.list', 'methods.get', 'integrations.deletionImpact'],
  'runbooks.changed': [
    'runbooks.list',
    'runbooks.versions',
    'runbooks.version',
    'runbooks.triggers',
    'runGroups.clients',
    'runGroups.list',
  ],
  // Applied to the cached runs (features/runs/runsInCache.ts), step by step, instead of read
  // again; the runbooks list shows each runbook's last run, so it is read again (once per frame).
  'runs.changed': ['runbooks.list'],
  'runs.stepChanged': [],
  // A step's wait for the rate limit is applied to the cached run (runsInCache.ts), like its record.
  'runs.stepWaiting': [],
  // The method editor's Test shows what it waits for (features/methods/TestPanel.tsx).
  'methods.testWaiting': [],
  // The designer's debug bar reads the context at each pause itself (features/runbooks/debug);
  // a run's page applies the pause to the run it shows (runsInCache.ts).
  'runs.debugChanged': [],
  'storage.changed': ['app.info'],
  // The trigger panel adds each logged entry to what it shows; the runbooks list shows each
  // schedule's next time, which a firing (or a missed or refused one) moves on.
  'triggers.logged': ['runbooks.list'],
  'pins.changed': ['pins.list'],
  // A run began or stopped waiting: the approvals shown (the run itself comes by runs.changed).
  'approvals.changed': ['approvals.list'],
  // The group's page applies the group the event carries (features/runGroups/useRunGroup.ts);
  // the runs page's group filter reads its list again only for a group it does not hold
  // (RunGroupFilter.tsx): a running group publishes up to ten changes a second.
  'runGroups.changed': [],
  'testCases.changed': ['testCases.list'],
  // The test cases panel applies each case's state and result (features/runbooks/testCases).
  'testCases.progress': [],
};

/** Reads kept fresh by events; the others are fetched again each time a page shows them. */
export const callsKeptFreshByEvents: ReadonlySet<CallName> = new Set(
  Object.values(callsInvalidatedBy).flat(),
);

/**
 * Reads no event announces because only this window changes them (it puts what a save answers
 * into the cache): fresh until then, or until the event stream was lost.
 */
export const callsChangedOnlyHere: ReadonlySet<CallName> = new Set(['settings.get']);
