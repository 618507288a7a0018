/**
 * The contract's calls and event for running a runbook across clients (PRODUCT.md §9). Kept
 * beside contract.ts, which lists them with every other call.
 */
import { z } from 'zod';
import { idSchema } from '../domain/integration';
import {
  defaultGroupConcurrency,
  groupClientsSchema,
  groupConcurrencySchema,
  runGroupSchema,
  runGroupSummarySchema,
} from '../domain/runGroup';
import { runInputsSchema } from '../runbook/runInputsSize';
import { startableRunModeSchema } from '../rehearsal/rehearsal';

export const runGroupCalls = {
  'runGroups.clients': {
    description:
      'The clients a runbook can run for: the client names of the configurations of the integrations its draft’s steps use, sorted.',
    input: z.object({ runbookId: idSchema }),
    output: z.array(z.string()),
  },
  'runGroups.start': {
    description:
      'Runs a runbook’s draft once per client ("all" or a list), each run with that client’s configurations, ' +
      `at most \`concurrency\` at a time (default ${String(defaultGroupConcurrency)}); returns the group at once.`,
    input: z.object({
      runbookId: idSchema,
      clients: groupClientsSchema,
      concurrency: groupConcurrencySchema.default(defaultGroupConcurrency),
      inputs: runInputsSchema.default({}),
      /** As runs.start's: steps that use their primary configuration use the one of this name. */
      configuration: z.string().trim().max(200).optional(),
      mode: startableRunModeSchema.default('live'),
    }),
    output: runGroupSchema,
  },
  'runGroups.get': {
    description: 'One run group: each client’s latest run with its status, duration and end message.',
    input: z.object({ id: idSchema }),
    output: runGroupSchema,
  },
  'runGroups.list': {
    description:
      'Run groups, newest first, with their counts, optionally of one runbook or of the runbooks ' +
      'whose name holds `search`, a page at a time: for the next page, pass the last group of this one as `after`.',
    input: z.object({
      runbookId: idSchema.optional(),
      /** Only the groups of runbooks whose name holds this text, in any case. */
      search: z.string().trim().max(200).default(''),
      /** Where the page starts: after this group (its createdAt and id), in the list's order. */
      after: z.object({ createdAt: z.string().max(40), id: idSchema }).optional(),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    output: z.array(runGroupSummarySchema),
  },
  'runGroups.rerunFailed': {
    description:
      'Runs again, as the same group’s next attempt, only the clients whose latest run failed, was ' +
      'cancelled or did not start (each with its earlier run’s inputs and version); at most the ' +
      'group’s concurrency at a time.',
    input: z.object({ id: idSchema }),
    output: runGroupSchema,
  },
  'runGroups.cancel': {
    description:
      'Cancels a run group: its clients still waiting for a place do not start (not started, ' +
      '"Cancelled before it started."), and each of its runs still going is cancelled. Returns the ' +
      'group at once; its runs.changed and runGroups.changed events follow as the runs end.',
    input: z.object({ id: idSchema }),
    output: runGroupSchema,
  },
} as const;

export const runGroupEvents = {
  /** A client of a run group waited, started or finished: the group as it is now. */
  'runGroups.changed': z.object({ group: runGroupSchema }),
} as const;
