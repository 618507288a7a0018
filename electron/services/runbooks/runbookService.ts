/** Runbooks (PRODUCT.md §4): details, the draft graph, validation, manual runs and run history. */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import type { Runbook, RunbookDetails } from '../../../shared/domain/runbook';
import { runbookGraphSchema, type RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { validateGraph, type GraphIssue, type MethodFacts } from '../../../shared/runbook/validateGraph';
import type { RunbookRepository, RunbookRow } from '../db/repositories/runbookRepository';
import type { RunRepository } from '../db/repositories/runRepository';
import type { Engine, ReusedStep, StartRunInput } from '../engine/engine';
import { reachableFrom } from '../../../shared/runbook/graphWalk';

export interface RunbookService {
  list(search: string, category: string): { items: Omit<Runbook, 'draft'>[]; total: number };
  get(id: string): Runbook;
  create(details: RunbookDetails): Runbook;
  update(id: string, details: RunbookDetails | undefined, draft: RunbookGraph | undefined): Runbook;
  delete(id: string): void;
  validate(id: string): GraphIssue[];
  startManualRun(runbookId: string, inputs: Record<string, unknown>, client: string): string;
  /** Starts the runbook again with an earlier run's inputs and client. */
  rerun(runId: string): string;
  /**
   * Starts the runbook again at one step of an earlier run, with that run's inputs, client and
   * payload, reusing the outputs of the steps it ran before that step instead of running them.
   */
  rerunFrom(runId: string, stepId: string): string;
  /** A run started by the runbook's webhook or schedule, with the payload as {{trigger.body}}. */
  startTriggeredRun(
    runbookId: string,
    trigger: 'webhook' | 'schedule',
    inputs: Record<string, unknown>,
    payload: unknown,
  ): string;
}

export interface RunbookServiceDependencies {
  runbooks: RunbookRepository;
  runs: RunRepository;
  engine: Engine;
  methodFacts: MethodFacts;
  /** Told when a runbook's draft changes or the runbook goes (null), so triggers follow. */
  onDraftChanged?: (runbookId: string, draft: RunbookGraph | null) => void;
  now?: () => Date;
}

/** A stored draft read through the schema; an unreadable one is reported, not guessed at. */
export function graphOf(row: RunbookRow): RunbookGraph {
  const parsed = runbookGraphSchema.safeParse(row.draft);
  if (!parsed.success) throw new AppError('internal', `The draft of "${row.name}" could not be read.`);
  return parsed.data;
}

/** Whether the step lies in some For each's body (reachable from its body edge before it loops back). */
function insideLoopBody(graph: RunbookGraph, stepId: string): boolean {
  return graph.edges.some(
    (edge) =>
      edge.kind === 'body' && (edge.to === stepId || reachableFrom(graph, edge.to, edge.from).has(stepId)),
  );
}

/** Method facts remembered for one check: each step asks about the methods of the steps before it. */
function rememberedFacts(facts: MethodFacts): MethodFacts {
  const variables = new Map<string, string[] | undefined>();
  const outputs = new Map<string, string[] | undefined>();
  const once = <T>(cache: Map<string, T>, id: string, read: (id: string) => T): T => {
    if (!cache.has(id)) cache.set(id, read(id));
    return cache.get(id) as T;
  };
  return {
    variables: (methodId) => once(variables, methodId, facts.variables),
    outputs: (methodId) => once(outputs, methodId, facts.outputs),
  };
}

const newDraft = (): RunbookGraph =>
  runbookGraphSchema.parse({
    steps: [{ id: 'start', name: 'Start', type: 'start' }],
    positions: { start: { x: 0, y: 0 } },
  });

export function createRunbookService(deps: RunbookServiceDependencies): RunbookService {
  const now = deps.now ?? (() => new Date());
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
  const startRun = (
    runbookId: string,
    inputs: Record<string, unknown>,
    client: string,
    trigger: 'manual' | 'rerun' | 'webhook' | 'schedule',
    triggerBody: unknown = null,
    lineage: Pick<StartRunInput, 'rerunOf' | 'resume'> = {},
  ) => {
    const row = find(runbookId);
    const graph = graphOf(row);
    const issues = validateGraph(graph, rememberedFacts(deps.methodFacts));
    if (issues.length > 0) {
      const more = issues.length > 1 ? ` (and ${String(issues.length - 1)} more)` : '';
      throw new AppError('invalid_input', `The runbook cannot run yet: ${issues[0]?.message ?? ''}${more}`);
    }
    return deps.engine.start({
      runbookId,
      versionId: null,
      graph,
      inputs,
      trigger,
      client,
      triggerBody,
      ...lineage,
    }).runId;
  };
  const methodIdsOf = (graph: RunbookGraph) => [
    ...new Set(graph.steps.flatMap((step) => (step.type === 'method' ? [step.methodId] : []))),
  ];

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
      deps.onDraftChanged?.(row.id, graphOf(row));
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
      deps.runbooks.update(next);
      if (draft !== undefined) {
        // Only methods that still exist can be referenced; a deleted one shows up in validation instead.
        deps.runbooks.setMethodRefs(
          id,
          methodIdsOf(draft).filter((methodId) => deps.methodFacts.variables(methodId) !== undefined),
        );
        deps.onDraftChanged?.(id, draft);
      }
      return present(find(id));
    },
    delete: (id) => {
      if (!deps.runbooks.delete(id)) throw new AppError('not_found', 'This runbook no longer exists.');
      deps.onDraftChanged?.(id, null);
    },
    validate: (id) => validateGraph(graphOf(find(id)), rememberedFacts(deps.methodFacts)),
    startManualRun: (runbookId, inputs, client) => startRun(runbookId, inputs, client, 'manual'),
    rerun: (runId) => {
      const earlier = deps.runs.get(runId);
      if (earlier === undefined) throw new AppError('not_found', 'This run no longer exists.');
      return startRun(
        earlier.runbookId,
        earlier.inputs,
        earlier.clientName,
        'rerun',
        deps.runs.triggerBody(runId),
        {
          rerunOf: runId,
        },
      );
    },
    rerunFrom: (runId, stepId) => {
      const earlier = deps.runs.get(runId);
      if (earlier === undefined) throw new AppError('not_found', 'This run no longer exists.');
      const graph = graphOf(find(earlier.runbookId));
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
        },
      );
    },
    startTriggeredRun: (runbookId, trigger, inputs, payload) =>
      startRun(runbookId, inputs, '', trigger, payload),
  };
}
