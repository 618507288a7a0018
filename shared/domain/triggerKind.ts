/**
 * What starts a run, and what the trigger log records — one list each, used by the contract's
 * schemas, the repositories, the trigger service and the window.
 */

/** Every way a run starts: the Run button, a webhook, a schedule, a re-run, the command line. */
export const triggerKinds = ['manual', 'webhook', 'schedule', 'rerun', 'cli'] as const;
export type TriggerKind = (typeof triggerKinds)[number];

/** The triggers that start runs without a person, kept in the runbook's trigger log. */
export const automaticTriggerKinds = ['webhook', 'schedule'] as const satisfies readonly TriggerKind[];
export type AutomaticTriggerKind = (typeof automaticTriggerKinds)[number];

/** How a webhook delivery or a schedule firing ended, as the trigger log shows it. */
export const triggerOutcomes = ['started', 'refused', 'missed'] as const;
export type TriggerOutcome = (typeof triggerOutcomes)[number];
