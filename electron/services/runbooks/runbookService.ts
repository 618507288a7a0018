/** Runbooks (PRODUCT.md §4): details, the draft graph, validation, forks, runs and re-runs. */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import type { GoingRunStatus } from '../../../shared/domain/runStatus';
import { firstFreeName } from '../../../shared/domain/firstFreeName';
import type { Runbook, RunbookDetails } from '../../../shared/domain/runbook';
import type { AutomaticTriggerKind, TriggerKind } from '../../../shared/domain/triggerKind';
import { methodIdsOf, withConfigurationFor } from '../../../shared/runbook/graphReferences';
import { runbookGraphSchema, type RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { isStartStep, newStartStep } from '../../../shared/runbook/stepTypes';
import { validateGraph, type GraphIssue, type MethodFacts } from '../../../shared/runbook/validateGraph';
import type { RunbookRepository, RunbookRow } from '../db/repositories/runbookRepository';
import type { RunRepository } from '../db/repositories/runRepository';
import type { Engine, ReusedStep, StartRunInput } from '../engine/engine';
import type { PauseGate } from '../engine/pauseGate';
import type { Rehearsal } from '../engine/responseSource';
import type { RunMode } from '../../../shared/rehearsal/rehearsal';
import { reachableFrom } from '../../../shared/runbook/graphWalk';
import type { PublishedGraph } from './publishedVersions';
import { createDeletions, inSlices, type Deletions } from '../db/slices';

export interface RunbookService {
  list(search: string, category: string): { items: Omit<Runbook, 'draft'>[]; total: number };
  get(id: string): Runbook;
  create(details: RunbookDetails): Runbook;
  update(id: string, details: RunbookDetails | undefined, draft: RunbookGraph | undefined): Runbook;
  /**
   * Deletes the runbook with its runs. Its runs going are cancelled first; then its records go a
   * slice at a time, in transactions of a few tens of milliseconds, so that other calls, webhooks
   * and runs are served meanwhile; a run of it is refused from the start. Deleting it again
   * meanwhile waits for the same deletion.
   */
  delete(id: string): Promise<void>;
  validate(id: string): GraphIssue[];
  /** The first problem that keeps a graph from running (as a run would be refused), or null. */
  problemOf(graph: RunbookGraph): string | null;
  /**
   * Starts the draft by hand. With `configurationName`, steps that would use their integration's
   * primary configuration use the one of that name instead, for this run only (the draft keeps
   * its settings); a name no integration of the runbook has is refused. With `runId`, the run has
   * that id (the caller listens to its events before it starts). Recorded with the trigger
   * `manualRunTrigger` (`cli` when the command line started it).
   */
  startManualRun(
    runbookId: string,
    inputs: Record<string, unknown>,
    client: string,
    options?: {
      configurationName?: string | undefined;
      runId?: string | undefined;
      /** `dryRun`: only safe requests are sent (see shared/rehearsal). */
      mode?: Exclude<RunMode, 'replay'> | undefined;
      /** The run group (run across clients) the run is one client's run of. */
      groupId?: string | undefined;
      /** A debug run's gate (engine/pauseGate.ts): only the designer debugs, never the command line. */
      pauseGate?: PauseGate | undefined;
    },
  ): string;
  /**
   * Starts the runbook again with an earlier run's inputs and client: the published version it
   * ran when that version still exists, else the draft.
   */
  rerun(runId: string, options?: RepeatOptions): string;
  /**
   * Starts the runbook again at one step of an earlier run, with that run's inputs, client and
   * payload, reusing the outputs of the steps it ran before that step instead of running them.
   */
  rerunFrom(runId: string, stepId: string, options?: RepeatOptions): string;
  /**
   * A run of a published version started by the runbook's webhook or schedule, with the payload
   * as {{trigger.body}}; the run records the version. maskedValues: the delivery's credentials,
   * which the run may use but records as ••••.
   */
  startTriggeredRun(
    runbookId: string,
    version: PublishedGraph,
    trigger: AutomaticTriggerKind,
    inputs: Record<string, unknown>,
    payload: unknown,
    maskedValues?: readonly string[],
    /** A schedule run across clients: the client, the run's id and its group. */
    groupRun?: GroupRun,
  ): string;
  /**
   * Copies the runbook's details and draft into a new runbook, "<name> (copy)" unless named. The
   * copy has no versions and no webhook secret, and its webhook and schedule are switched off so
   * that two runbooks never answer the same events.
   */
  fork(id: string, name: string | undefined): Runbook;
}

/** Whether the user has confirmed repeating a request that may already have been sent. */
export interface RepeatOptions {
  confirmRepeat?: boolean;
  /** A run group's re-run of a failed client: the new run's id and its group. */
  groupRun?: Omit<GroupRun, 'client'>;
}

/** One client's run of a run group: its client, the id chosen for it, the group. */
export interface GroupRun {
  client: string;
  runId: string;
  groupId: string;
}

/**
 * Refuses to repeat a step whose request may already have reached the API (the app stopped while
 * it was out) unless the user confirmed: sending it again could, say, open a second ticket.
 */
function assertRepeatConfirmed(
  mayHaveBeenSent: readonly { stepId: string }[],
  graph: RunbookGraph,
  options: RepeatOptions,
): void {
  if (options.confirmRepeat === true) return;
  const [record] = mayHaveBeenSent;
  if (record === undefined) return;
  const name = graph.steps.find((step) => step.id === record.stepId)?.name ?? record.stepId;
  throw new AppError(
    'conflict',
    `"${name}" may already have been sent: the app stopped while its request was out. Check the API ` +
      'first; running again repeats it. Confirm to run it again anyway.',
    'confirmRepeat',
  );
}

export interface RunbookServiceDependencies {
  runbooks: RunbookRepository;
  runs: RunRepository;
  engine: Engine;
  methodFacts: MethodFacts;
  /** The integration a saved method belongs to. */
  methodIntegrationId?: (methodId: string) => string | undefined;
  /** The id of the integration's configuration named so (ignoring case). */
  configurationIdByName?: (integrationId: string, name: string) => string | undefined;
  /** A published version's graph, for re-runs of the runs that ran it; undefined once it is gone. */
  versionGraph?: (versionId: string) => PublishedGraph | undefined;
  /** How runs started by hand are recorded: `cli` in the command line's backend (default `manual`). */
  manualRunTrigger?: Extract<TriggerKind, 'manual' | 'cli'>;
  /**
   * How a run started by hand rehearses (pins, dry run): `usePins` for the designer's runs, not
   * the command line's. Absent: every request is sent.
   */
  rehearsalFor?: (mode: Exclude<RunMode, 'replay'>, usePins: boolean) => Rehearsal | undefined;
  /** Runs `fn` in one database transaction. */
  transaction?: <T>(fn: () => T) => T;
  now?: () => Date;
  /** The runbooks being deleted, shared with whatever else refuses their runs (the run recorder). */
  deletions?: Deletions;
}

const goingStatuses = ['queued', 'running', 'waiting'] as const satisfies readonly GoingRunStatus[];

/** Why a run of a runbook being deleted is refused, wherever it would start. */
export const beingDeleted = 'This runbook is being deleted, with its runs; it cannot run.';

/** The first problem of a graph, and how many more there are, for a refusal's message. */
export function firstIssueOf(issues: readonly GraphIssue[]): string {
  const more = issues.length > 1 ? ` (and ${String(issues.length - 1)} more)` : '';
  return `${issues[0]?.message ?? ''}${more}`;
}

/** A stored draft read through the schema; an unreadable one is reported, not guessed at. */
export function graphOf(row: RunbookRow): RunbookGraph {
  const draft = row.draft;
  const known = typeof draft === 'object' && draft !== null ? readGraphs.get(draft) : undefined;
  if (known !== undefined) return known;
  const parsed = runbookGraphSchema.safeParse(draft);
  if (!parsed.success) throw new AppError('internal', `The draft of "${row.name}" could not be read.`);
  if (typeof draft === 'object' && draft !== null && Object.isFrozen(draft)) {
    readGraphs.set(draft, parsed.data);
    sharedGraphs.add(parsed.data);
  }
  return parsed.data;
}

/** Drafts read from the database are shared, frozen objects: each is read through the schema once. */
const readGraphs = new WeakMap<object, RunbookGraph>();
/** The graphs graphOf hands out again and again; nothing changes them (they stand for their row). */
const sharedGraphs = new WeakSet<RunbookGraph>();

/** Whether the step lies in some For each's body (reachable from its body edge before it loops back). */
function insideLoopBody(graph: RunbookGraph, stepId: string): boolean {
  return graph.edges.some(
    (edge) =>
      edge.kind === 'body' && (edge.to === stepId || reachableFrom(graph, edge.to, edge.from).has(stepId)),
  );
}

/** Method facts remembered for one check: each step asks about the methods of the steps before it. */
/** Method facts read at most once each, remembering what was read (to see later if it changed). */
function rememberedFacts(facts: MethodFacts): MethodFacts & { read: Map<string, string> } {
  const loaded = new Map<string, { variables: string[] | undefined; outputs: string[] | undefined }>();
  const read = new Map<string, string>();
  const load = (methodId: string) => {
    let entry = loaded.get(methodId);
    if (entry === undefined) {
      entry = { variables: facts.variables(methodId), outputs: facts.outputs(methodId) };
      loaded.set(methodId, entry);
      read.set(methodId, factsKey(entry.variables, entry.outputs));
    }
    return entry;
  };
  return {
    variables: (methodId) => load(methodId).variables,
    outputs: (methodId) => load(methodId).outputs,
    read,
  };
}

const factsKey = (variables: string[] | undefined, outputs: string[] | undefined) =>
  JSON.stringify([variables ?? null, outputs ?? null]);

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
  /**
   * Recent validations by graph text, with the method facts each read: starting a runbook again
   * only checks that those facts are unchanged (validation cost more than a request).
   */
  const validated = new Map<string, { read: Map<string, string>; issues: GraphIssue[] }>();
  /**
   * The text of graphs read from a stored draft or version: the same object comes back while
   * the row is unchanged (graphOf), so a run started again need not serialise it again.
   */
  const textOfGraph = new WeakMap<RunbookGraph, string>();
  const issuesOf = (graph: RunbookGraph): GraphIssue[] => {
    let text = textOfGraph.get(graph);
    if (text === undefined) {
      text = JSON.stringify(graph);
      if (sharedGraphs.has(graph)) textOfGraph.set(graph, text);
    }
    const earlier = validated.get(text);
    if (
      earlier !== undefined &&
      [...earlier.read].every(
        ([methodId, key]) =>
          factsKey(deps.methodFacts.variables(methodId), deps.methodFacts.outputs(methodId)) === key,
      )
    )
      return earlier.issues;
    const facts = rememberedFacts(deps.methodFacts);
    const issues = validateGraph(graph, facts);
    if (validated.size >= 100) validated.clear();
    validated.set(text, { read: facts.read, issues });
    return issues;
  };
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
          deps.engine.cancel(run.id);
      // A cancelled request ends at once; bounded all the same (a step that ignores its signal).
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
  const present = (row: RunbookRow): Runbook => ({ ...row, draft: graphOf(row) });
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
  /** Starts the draft, or a published version when one is given, once its graph checks out. */
  const startRun = (
    runbookId: string,
    inputs: Record<string, unknown>,
    client: string,
    trigger: TriggerKind,
    triggerBody: unknown = null,
    options: Pick<
      StartRunInput,
      'runId' | 'rerunOf' | 'resume' | 'maskedValues' | 'rehearsal' | 'groupId' | 'pauseGate'
    > & {
      version?: PublishedGraph;
      graph?: RunbookGraph;
      /** The runbook's row, when the caller has just read it. */
      row?: RunbookRow;
    } = {},
  ) => {
    const { version, graph: given, row: read, ...lineage } = options;
    if (deleting.isGoing(runbookId)) throw new AppError('conflict', beingDeleted);
    const row = read ?? find(runbookId);
    const graph = given ?? version?.graph ?? graphOf(row);
    const issues = issuesOf(graph);
    if (issues.length > 0) {
      // A published version may stop checking out later, e.g. when a method it uses is deleted.
      const what =
        version === undefined ? 'The runbook cannot run yet' : `Version ${String(version.number)} cannot run`;
      throw new AppError('invalid_input', `${what}: ${firstIssueOf(issues)}`);
    }
    return deps.engine.start({
      runbookId,
      versionId: version?.id ?? null,
      graph,
      inputs,
      trigger,
      client,
      triggerBody,
      ...lineage,
    }).runId;
  };
  /** The graph with its primary-configuration method steps pointed at the configuration named so. */
  const withConfiguration = (graph: RunbookGraph, name: string): RunbookGraph => {
    let matched = 0;
    const steps = graph.steps.map((step) => {
      const chosen = withConfigurationFor(step, (methodId) => {
        const integrationId = deps.methodIntegrationId?.(methodId);
        return integrationId === undefined ? undefined : deps.configurationIdByName?.(integrationId, name);
      });
      if (chosen !== step) matched += 1;
      return chosen;
    });
    if (matched === 0)
      throw new AppError(
        'invalid_input',
        `No integration of this runbook has a configuration named "${name}".`,
        'configuration',
      );
    return { ...graph, steps };
  };
  /** What a re-run of an earlier run runs: the version it ran, while it exists, else the draft. */
  const rerunSourceOf = (earlier: { runbookId: string; versionId: string | null }) => {
    const version = earlier.versionId === null ? undefined : deps.versionGraph?.(earlier.versionId);
    return { version, graph: version?.graph ?? graphOf(find(earlier.runbookId)) };
  };
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
    update: (id, details, draft) => {
      const existing = find(id);
      if (details !== undefined) assertNameFree(details.name, id);
      const next = {
        ...existing,
        ...(details ?? {}),
        ...(draft === undefined ? {} : { draft }),
        updatedAt: now().toISOString(),
      };
      transaction(() => {
        deps.runbooks.update(next);
        if (draft !== undefined) setMethodRefs(id, draft);
      });
      return present(find(id));
    },
    delete: (id) => deleting.once(id, () => deleteWithRuns(id)),
    validate: (id) => validateGraph(graphOf(find(id)), rememberedFacts(deps.methodFacts)),
    problemOf: (graph) => {
      const issues = issuesOf(graph);
      return issues.length === 0 ? null : firstIssueOf(issues);
    },
    startManualRun: (
      runbookId,
      inputs,
      client,
      { configurationName, runId, mode = 'live', groupId, pauseGate } = {},
    ) => {
      const trigger = deps.manualRunTrigger ?? 'manual';
      if (pauseGate !== undefined && trigger !== 'manual')
        throw new AppError(
          'invalid_input',
          'Only the designer debugs runs; the command line runs them through.',
        );
      // Pins are the designer's: the command line runs what a published version would send.
      const rehearsal = deps.rehearsalFor?.(mode, trigger === 'manual');
      // A pin naming an exit its step no longer has is refused here, where the person starting
      // the run reads it, rather than fail the run half way.
      // Read once for all three (a row read and its graph looked up cost more than a quick step).
      const row = find(runbookId);
      const pinProblem = rehearsal?.pinProblemOf?.(runbookId, graphOf(row)) ?? null;
      if (pinProblem !== null) throw new AppError('invalid_input', pinProblem, 'pins');
      return startRun(runbookId, inputs, client, trigger, null, {
        row,
        ...(runId === undefined ? {} : { runId }),
        ...(groupId === undefined ? {} : { groupId }),
        ...(rehearsal === undefined ? {} : { rehearsal }),
        ...(pauseGate === undefined ? {} : { pauseGate }),
        ...(configurationName === undefined || configurationName === ''
          ? {}
          : { graph: withConfiguration(graphOf(row), configurationName) }),
      });
    },
    rerun: (runId, options = {}) => {
      const earlier = deps.runs.get(runId);
      if (earlier === undefined) throw new AppError('not_found', 'This run no longer exists.');
      assertRepeatConfirmed(deps.runs.stepsMayHaveBeenSent(runId), rerunSourceOf(earlier).graph, options);
      return startRun(
        earlier.runbookId,
        earlier.inputs,
        earlier.clientName,
        'rerun',
        deps.runs.triggerBody(runId),
        { rerunOf: runId, version: rerunSourceOf(earlier).version, ...options.groupRun },
      );
    },
    rerunFrom: (runId, stepId, options = {}) => {
      const earlier = deps.runs.get(runId);
      if (earlier === undefined) throw new AppError('not_found', 'This run no longer exists.');
      const { version, graph } = rerunSourceOf(earlier);
      const step = graph.steps.find((candidate) => candidate.id === stepId);
      if (step === undefined)
        throw new AppError('invalid_input', 'That step is no longer in the runbook.', 'stepId');
      const firstAt = earlier.steps.findIndex((record) => record.stepId === stepId);
      if (firstAt < 0)
        throw new AppError('invalid_input', `"${step.name}" did not run in that run.`, 'stepId');
      if (insideLoopBody(graph, stepId)) {
        throw new AppError(
          'invalid_input',
          `"${step.name}" runs inside a For each; re-run from the For each step instead.`,
          'stepId',
        );
      }
      // Asked of the database, not of the records read above: a long run has more than those.
      const fromSeq = earlier.steps[firstAt]?.seq ?? 0;
      assertRepeatConfirmed(
        deps.runs.stepsMayHaveBeenSent(runId).filter((step) => step.seq >= fromSeq),
        graph,
        options,
      );
      // The last record of each step before the chosen one, in the order they ran.
      const latest = new Map<string, ReusedStep>();
      for (const record of earlier.steps.slice(0, firstAt)) {
        if (!graph.steps.some((candidate) => candidate.id === record.stepId)) continue;
        // Steps this run itself reused ("skipped") carry their outputs on again.
        if (record.status === 'running' || record.status === 'cancelled') continue;
        latest.delete(record.stepId);
        latest.set(record.stepId, {
          stepId: record.stepId,
          stepType: record.stepType,
          status: record.status === 'failed' ? 'failed' : 'succeeded',
          outputs: record.outputs,
          request: record.request,
          response: record.response,
        });
      }
      return startRun(
        earlier.runbookId,
        earlier.inputs,
        earlier.clientName,
        'rerun',
        deps.runs.triggerBody(runId),
        {
          rerunOf: runId,
          resume: { fromStepId: stepId, reused: [...latest.values()] },
          version,
        },
      );
    },
    startTriggeredRun: (runbookId, version, trigger, inputs, payload, maskedValues, groupRun) =>
      startRun(runbookId, inputs, groupRun?.client ?? '', trigger, payload, {
        version,
        ...(maskedValues === undefined ? {} : { maskedValues }),
        ...(groupRun === undefined ? {} : { runId: groupRun.runId, groupId: groupRun.groupId }),
      }),
    fork: (id, name) => {
      const source = find(id);
      const copyName =
        name ??
        firstFreeName(source.name, (candidate) => deps.runbooks.findIdByName(candidate) !== undefined);
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
        category: source.category,
        tags: source.tags,
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
