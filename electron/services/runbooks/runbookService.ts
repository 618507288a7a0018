/** Runbooks (PRODUCT.md §4): details, the draft graph, validation, forks, runs and re-runs. */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import { firstFreeName } from '../../../shared/domain/firstFreeName';
import { exchangeableText } from '../../../shared/io/exchangeText';
import { requiredTextAsWritten, tagsAsWritten } from '../../../shared/io/exchangeNames';
import type { Runbook, RunbookDetails } from '../../../shared/domain/runbook';
import type { GoingRunStatus } from '../../../shared/domain/runStatus';
import { methodIdsOf } from '../../../shared/runbook/graphReferences';
import { runbookGraphSchema, type RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { isStartStep, newStartStep } from '../../../shared/runbook/stepTypes';
import {
  validateGraph,
  type ConfigFacts,
  type GraphIssue,
  type MethodFacts,
} from '../../../shared/runbook/validateGraph';
import type { RunbookRepository, RunbookRow } from '../db/repositories/runbookRepository';
import { createDeletions, inSlices, type Deletions } from '../db/slices';
import type { PublishedVersions } from './publishedVersions';
import { assertDraftAt, draftRevisionOf } from './draftRevision';
import { createGraphCheck, firstIssueOf, graphOf, rememberedFacts } from './runbookGraphs';
import { runbookFactsFor } from './runbookLoader';
import { createRunStarts, type RunStartDependencies, type RunStarts } from './runbookRuns';

// Named from here by the services that read runbooks.
export { firstIssueOf, graphOf } from './runbookGraphs';
export { beingDeleted, type GroupRun, type RepeatOptions } from './runbookRuns';

export interface RunbookService extends RunStarts {
  list(
    search: string,
    category: string,
  ): { items: Omit<Runbook, 'draft' | 'draftRevision'>[]; total: number };
  get(id: string): Runbook;
  create(details: RunbookDetails): Runbook;
  /**
   * Saves details and/or the draft. With `draftRevision` (the revision the draft was edited from),
   * a draft saved elsewhere since is refused with a `conflict` instead of saved over; without it
   * the draft replaces whatever is stored (scripts, imports, restoring a version).
   */
  update(
    id: string,
    details: RunbookDetails | undefined,
    draft: RunbookGraph | undefined,
    options?: { draftRevision?: string },
  ): Runbook;
  /**
   * Deletes the runbook with its runs. Its runs going are cancelled first; then its records go a
   * slice at a time, in transactions of a few tens of milliseconds, so that other calls, webhooks
   * and runs are served meanwhile; a run of it is refused from the start. Deleting it again
   * meanwhile waits for the same deletion.
   */
  delete(id: string): Promise<void>;
  /**
   * The draft's problems as its runs would meet them: a draft run's (the designer's), or with
   * `isPublishedRun` a published version's (publishing), whose Run runbook steps run the
   * children's latest available versions.
   */
  validate(id: string, options?: { isPublishedRun?: boolean }): GraphIssue[];
  /**
   * The first problem that keeps a graph from running (as a run would be refused), or null; with
   * `isPublishedRun`, as a published version's run.
   */
  problemOf(graph: RunbookGraph, options?: { isPublishedRun?: boolean }): string | null;
  /**
   * Copies the runbook's details and draft into a new runbook, "<name> (copy)" unless named. The
   * copy has no versions and no webhook secret, and its webhook and schedule are switched off so
   * that two runbooks never answer the same events.
   */
  fork(id: string, name: string | undefined): Runbook;
}

export interface RunbookServiceDependencies extends Omit<
  RunStartDependencies,
  'find' | 'deleting' | 'issuesOf'
> {
  runbooks: RunbookRepository;
  methodFacts: MethodFacts;
  /** The integrations {{config.<prefix>.<field>}} placeholders name, by variable prefix. */
  configFacts: ConfigFacts;
  /** The published versions a published run's Run runbook steps run. */
  published: Pick<PublishedVersions, 'triggeredVersion'>;
  /** Runs `fn` in one database transaction. */
  transaction?: <T>(fn: () => T) => T;
  now?: () => Date;
  /** The runbooks being deleted, shared with whatever else refuses their runs (the run recorder). */
  deletions?: Deletions;
  /**
   * Asks the process on the data folder that runs a run to cancel it, when that is not this one
   * (runs/cancelsElsewhere.ts); its request goes with the run's row, so it is asked before.
   */
  cancelElsewhere?: (runId: string) => boolean;
}

const goingStatuses = ['queued', 'running', 'waiting'] as const satisfies readonly GoingRunStatus[];

/** The graph with its Start step's webhook and schedule switched off (their settings kept). */
function withTriggersOff(graph: RunbookGraph): RunbookGraph {
  return {
    ...graph,
    steps: graph.steps.map((step) => {
      if (!isStartStep(step)) return step;
      const off = { ...step };
      if (step.webhook !== undefined) off.webhook = { ...step.webhook, isEnabled: false };
      if (step.schedule !== undefined) off.schedule = { ...step.schedule, isEnabled: false };
      return off;
    }),
  };
}

const newDraft = (): RunbookGraph => {
  const start = newStartStep();
  return runbookGraphSchema.parse({ steps: [start], positions: { [start.id]: { x: 0, y: 0 } } });
};

export function createRunbookService(deps: RunbookServiceDependencies): RunbookService {
  const now = deps.now ?? (() => new Date());
  const transaction = deps.transaction ?? (<T>(fn: () => T): T => fn());
  const runbookFacts = (isPublishedRun: boolean) =>
    runbookFactsFor({ runbooks: deps.runbooks, published: deps.published }, isPublishedRun);
  const issuesOf = createGraphCheck(deps.methodFacts, runbookFacts, deps.configFacts);
  const deleting = deps.deletions ?? createDeletions();
  /** Whether a run of the runbook has not ended yet (read from the runs list, not whole runs). */
  const hasGoingRun = (runbookId: string) =>
    goingStatuses.some((status) => deps.runs.list({ runbookId, status, limit: 1 }).length > 0);
  const deleteWithRuns = async (id: string) => {
    find(id);
    // Its runs going now are cancelled first: a run being deleted sends nothing more, and its
    // last records (a step's call among them) are written before they are deleted, not after.
    if (hasGoingRun(id)) {
      for (const status of goingStatuses)
        for (const run of deps.runs.list({ runbookId: id, status, limit: 10_000 }))
          if (!deps.engine.cancel(run.id)) deps.cancelElsewhere?.(run.id);
      // A cancelled request ends at once, another process takes its request within a second;
      // bounded all the same (a step that ignores its signal, a process frozen).
      for (let wait = 0; wait < 100 && hasGoingRun(id); wait += 1)
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Step records first, then the runs, then the runbook: see slices.ts.
    await inSlices((limit) => deps.runs.deleteStepsOf(id, limit));
    await inSlices((limit) => deps.runs.deleteSomeOf(id, limit));
    // With its last runs (one started meanwhile by a parent runbook, refused), versions and triggers.
    if (!deps.runbooks.delete(id)) throw new AppError('not_found', 'This runbook no longer exists.');
  };
  const find = (id: string): RunbookRow => {
    const row = deps.runbooks.get(id);
    if (row === undefined)
      throw new AppError('not_found', 'This runbook no longer exists; it may have been deleted.');
    return row;
  };
  const present = (row: RunbookRow): Runbook => ({
    ...row,
    draft: graphOf(row),
    draftRevision: draftRevisionOf(row.draft),
  });
  const assertNameFree = (name: string, ownId?: string) => {
    const owner = deps.runbooks.findIdByName(name);
    if (owner !== undefined && owner !== ownId) {
      throw new AppError(
        'conflict',
        `A runbook named "${name}" already exists; choose another name.`,
        'details.name',
      );
    }
  };
  const runStarts = createRunStarts({ ...deps, find, deleting, issuesOf });
  /** Only methods that still exist can be referenced; a deleted one shows up in validation instead. */
  const setMethodRefs = (runbookId: string, graph: RunbookGraph) =>
    deps.runbooks.setMethodRefs(
      runbookId,
      methodIdsOf(graph.steps).filter((methodId) => deps.methodFacts.variables(methodId) !== undefined),
    );
  return {
    list: (search, category) => deps.runbooks.list({ search, category, limit: 2_000 }),
    get: (id) => present(find(id)),
    create: (details) => {
      assertNameFree(details.name);
      const timestamp = now().toISOString();
      const row: RunbookRow = {
        id: crypto.randomUUID(),
        ...details,
        draft: newDraft(),
        createdAt: timestamp,
        updatedAt: timestamp,
      };
      deps.runbooks.insert(row);
      return present(row);
    },
    update: (id, details, draft, { draftRevision } = {}) => {
      // Read, checked and written in one transaction: no other save comes between the check and the write.
      transaction(() => {
        const existing = find(id);
        if (details !== undefined) assertNameFree(details.name, id);
        if (draft !== undefined && draftRevision !== undefined) assertDraftAt(existing.draft, draftRevision);
        deps.runbooks.update({
          ...existing,
          ...(details ?? {}),
          ...(draft === undefined ? {} : { draft }),
          updatedAt: now().toISOString(),
        });
        if (draft !== undefined) setMethodRefs(id, draft);
      });
      return present(find(id));
    },
    delete: (id) => deleting.once(id, () => deleteWithRuns(id)),
    validate: (id, { isPublishedRun = false } = {}) =>
      validateGraph(
        graphOf(find(id)),
        rememberedFacts(deps.methodFacts),
        runbookFacts(isPublishedRun),
        deps.configFacts,
      ),
    problemOf: (graph, { isPublishedRun = false } = {}) => {
      const issues = issuesOf(graph, isPublishedRun);
      return issues.length === 0 ? null : firstIssueOf(issues);
    },
    ...runStarts,
    fork: (id, name) => {
      const source = find(id);
      // A new row keeps the rule of new rows: what a name saved before it holds (a tab, another
      // control character) is not copied into one, as the export would not write it either.
      const copyName =
        name ??
        firstFreeName(
          requiredTextAsWritten(source.name, 'Unnamed runbook'),
          (candidate) => deps.runbooks.findIdByName(candidate) !== undefined,
        );
      if (deps.runbooks.findIdByName(copyName) !== undefined)
        throw new AppError(
          'conflict',
          `A runbook named "${copyName}" already exists; choose another name.`,
          'name',
        );
      const timestamp = now().toISOString();
      const row: RunbookRow = {
        id: crypto.randomUUID(),
        name: copyName,
        description: source.description,
        category: exchangeableText(source.category, false).trim(),
        tags: tagsAsWritten(source.tags),
        draft: withTriggersOff(graphOf(source)),
        createdAt: timestamp,
        updatedAt: timestamp,
      };
      transaction(() => {
        deps.runbooks.insert(row);
        setMethodRefs(row.id, graphOf(row));
      });
      return present(row);
    },
  };
}
