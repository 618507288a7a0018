/**
 * What a step executor sees: the run's variables (inputs, vars, earlier steps, trigger, client),
 * template resolution over them, and the capabilities the host gives the engine.
 */
import { resolveTemplateValue } from '../../../shared/expressions/template';
import type { RequestResult } from '../../../shared/domain/requestResult';
import type { RateLimitWaitListener } from '../../../shared/domain/rateLimitWait';
import type { EdgeKind, RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { ApprovalChannel, ApprovalDecision } from '../../../shared/runbook/steps/approval';
import type { MethodStep } from '../../../shared/runbook/steps/method';
import type { MethodRehearsal, ResponseSource } from './responseSource';
import { explainedConfigError, type ReadConfigValues, type RunConfig } from './runConfig';

export interface StepState {
  status: 'succeeded' | 'failed';
  outputs: Record<string, unknown>;
}

export interface RunScope {
  inputs: Record<string, unknown>;
  vars: Record<string, unknown>;
  steps: Record<string, StepState>;
  trigger: { body: unknown };
  client: string;
  /** Loop item variables, by name, while inside a For each body. */
  items: Record<string, unknown>;
  /** The {{config.<prefix>.<field>}} values its templates read (runConfig.ts); absent when they read none. */
  config?: RunConfig;
}

/** What a step's execution produced; `edge` picks the way on (null: the run ends here). */
export interface StepOutcome {
  status: 'succeeded' | 'failed';
  edge: EdgeKind | null;
  outputs?: Record<string, unknown>;
  request?: unknown;
  response?: unknown;
  error?: string;
  /** Set by End steps, and by sub-runbooks that fail. */
  end?: { outcome: 'succeeded' | 'failed'; message: string };
  /**
   * Its request, one that may change another system, was cut off after it was sent and before
   * any answer (a timeout, a connection lost): it may have reached the API. Its record keeps its
   * "may have been sent" mark, so running it again asks first.
   */
  isArrivalUnknown?: true;
  /**
   * Its request never left (cancelled while it waited for its rate-limit place): its record
   * drops the "may have been sent" mark set before the wait, though the step ends cancelled.
   */
  isNeverSent?: true;
}

/** What the record of a step whose request may have arrived unanswered says after its error. */
export const arrivalUnknownNote =
  'Its request had been sent and no answer came: it may have reached the API. Check there before repeating it.';

/** What a Wait for approval step asks its host to wait for (its templates already resolved). */
export interface ApprovalRequest {
  runId: string;
  seq: number;
  stepId: string;
  stepName: string;
  /** Resolved and masked: this is what the approver reads. */
  message: string;
  approvers: string;
  instructions: string;
  timeoutMinutes: number;
  /** The For each loops open at the step, kept so a run taken up after a restart goes on in them. */
  loops: OpenLoop[];
  /**
   * Sends the step's Notify request once the approval exists (its link known); absent when the
   * step has none. Not called when the approval was kept from before a restart (it was sent then).
   */
  notify?: (opened: OpenedApproval) => Promise<{ record: NotifyRecord; failsStep: boolean }>;
}

/** A For each loop still going: its items, how many were handed out, its item's name. */
export interface OpenLoop {
  stepId: string;
  items: unknown[];
  index: number;
  variable: string;
}

/** What a Notify request may tell of its approval ({{approval.*}}). */
export interface OpenedApproval {
  /** The single-use link (empty when the host serves none). */
  link: string;
  message: string;
  /** The deadline, ISO 8601. */
  expiresAt: string;
  /** The link's token, written •••• in everything recorded of the Notify request. */
  token: string;
}

/** What a Notify request sent and got back, masked like a step record (the token ••••). */
export interface NotifyRecord {
  request: unknown;
  response: unknown;
  /** The HTTP status of the answer (null: none came). */
  status: number | null;
  /** Why it failed (an error or an HTTP status of 400 or more), or null. */
  error: string | null;
  /** It may change another system and was cut off unanswered after it was sent (see StepOutcome). */
  isArrivalUnknown?: true;
}

/** How a waiting approval ended; these become the step's outputs. */
export interface ApprovalOutcome {
  decision: ApprovalDecision;
  /** Who decided, as they named themselves (empty when the time ran out). */
  decidedBy: string;
  decidedVia: ApprovalChannel;
  comment: string;
  decidedAt: string;
  /** The single-use link that was offered (empty when the host serves none). */
  link: string;
  /** The Notify request's record, when the step has one and it was sent. */
  notify?: NotifyRecord | null;
}

export interface EngineCapabilities {
  sendMethod(input: {
    methodId: string;
    configuration: MethodStep['configuration'];
    client: string;
    variables: Record<string, unknown>;
    signal: AbortSignal;
    /**
     * Called just before a request that may change another system (not GET/HEAD/OPTIONS) is
     * sent: commits the step's start record. When it rejects, the request is not sent.
     */
    beforeChangingRequest: () => Promise<void>;
    /** The run the request belongs to, for the integration's call log. */
    runId: string;
    /** The step record the request belongs to, for the call log (which keeps it in that record). */
    seq: number;
    /** Values to mask in the result and the call log, like the configuration's secrets. */
    maskedValues?: readonly string[] | undefined;
    /** Told why the request waits before it leaves (rate limit, Retry-After), only when it does. */
    onRateLimitWait?: RateLimitWaitListener | undefined;
  }): Promise<RequestResult>;
  /**
   * Works a method's request out without sending it (dry runs, replays): see MethodRehearsal.
   * A host without it cannot rehearse; such steps fail saying so.
   */
  rehearseMethod?(input: {
    methodId: string;
    configuration: MethodStep['configuration'];
    client: string;
    variables: Record<string, unknown>;
    authorize: boolean;
    baseUrlIfNone?: string | undefined;
    maskedValues?: readonly string[] | undefined;
  }): Promise<MethodRehearsal>;
  /**
   * The graph of another runbook, for Run runbook steps. A run of a published version runs the
   * child's latest available published version (its draft when it has none); a run of a draft
   * runs the child's draft, so a runbook and its children can be tried out together.
   */
  loadRunbook(
    runbookId: string,
    options: { isPublishedRun: boolean },
  ): { graph: RunbookGraph; versionId: string | null; name: string; problem: string | null } | undefined;
  /** Runs a sub-runbook to its end and gives its final status and variables. */
  runChild(
    runbookId: string,
    inputs: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<{
    /** The child run's id, so its record can be found from the step's. */
    runId?: string;
    status: 'succeeded' | 'failed' | 'cancelled';
    vars: Record<string, unknown>;
    error: string | null;
  }>;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /**
   * The {{config.<prefix>.<field>}} values a run's step templates read, for its client. A host
   * without it fails the steps that read one, saying so.
   */
  readConfigValues?: ReadConfigValues;
  /**
   * Waits for a person to approve or reject the running step, or for its timeout (the run is
   * "waiting" meanwhile; the host keeps the question on disk so it outlives a restart). A host
   * without it cannot wait; such steps fail saying so.
   */
  awaitApproval?(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalOutcome>;
}

export interface ExecutionContext {
  runId: string;
  scope: RunScope;
  signal: AbortSignal;
  capabilities: EngineCapabilities;
  /** Where this run's method steps get their responses (live unless the run rehearses). */
  responses: ResponseSource;
  /** Open For each loops by step id, in the order they were entered (outer before inner). */
  loops: Map<string, Omit<OpenLoop, 'stepId'>>;
  /** A template's value in this run's scope (a lone placeholder keeps its type). */
  resolve(text: string): unknown;
  /** Commits the running step's start record, marked as possibly sent (see EngineCapabilities). */
  commitStepStart: () => Promise<void>;
  /** The number of the running step's record in this run (its `seq`). */
  currentSeq: () => number;
  /**
   * Tells the host why the running step's request waits (one listener per run, not per request);
   * undefined when the host does not listen.
   */
  onRateLimitWait: RateLimitWaitListener | undefined;
}

export function templateScope(scope: RunScope): Record<string, unknown> {
  return {
    inputs: scope.inputs,
    vars: scope.vars,
    steps: scope.steps,
    trigger: scope.trigger,
    client: scope.client,
    config: scope.config?.values,
    ...scope.items,
  };
}

/**
 * A template's value in the run's scope (`variables`: that scope with more, as a Notify request
 * sees {{approval.…}}); a configuration value the run has none of fails saying why.
 */
export function resolveInRun(
  text: string,
  scope: RunScope,
  variables: Record<string, unknown> = templateScope(scope),
): unknown {
  try {
    return resolveTemplateValue(text, variables);
  } catch (error) {
    throw explainedConfigError(error, text, scope.config);
  }
}

export function createExecutionContext(
  runId: string,
  scope: RunScope,
  signal: AbortSignal,
  capabilities: EngineCapabilities,
  responses: ResponseSource,
): ExecutionContext {
  return {
    runId,
    scope,
    signal,
    capabilities,
    responses,
    loops: new Map(),
    // A run whose templates read no configuration value resolves as it always has.
    resolve:
      scope.config === undefined
        ? (text) => resolveTemplateValue(text, templateScope(scope))
        : (text) => resolveInRun(text, scope),
    commitStepStart: () => Promise.resolve(),
    currentSeq: () => 0,
    onRateLimitWait: undefined,
  };
}
