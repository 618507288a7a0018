/**
 * What a step type declares in shared code (ARCHITECTURE.md "One module per concept"): its
 * settings schema, its exits, the variables it adds to the scope of later steps, the templates
 * validation checks, its own extra checks, the settings of a fresh step, and what it refers to
 * (with how a runbook file writes that). Validation, scope, the palette, the inspector, import
 * and export read these declarations; none of them switches on a type.
 */
import type { z } from 'zod';
import type { StepPinRules } from '../../rehearsal/rehearsal';
import type { EdgeKind, RunbookInput } from '../runbookGraph';
import type { StepReferences } from './stepReferences';

/** A problem found in a graph; `stepId` is the step it belongs to (null: the whole runbook). */
export interface GraphIssue {
  stepId: string | null;
  message: string;
}

/** What validation knows of the methods a runbook's steps call. */
export interface MethodFacts {
  /** The variables the method asks for; undefined when the method no longer exists. */
  variables(methodId: string): string[] | undefined;
  outputs(methodId: string): string[] | undefined;
  /** The `{{config.<prefix>.<field>}}` values its request reads, as [prefix, field]. */
  configReferences?(methodId: string): readonly (readonly [string, string])[] | undefined;
}

/**
 * What validation knows of the runbooks a graph's Run runbook steps run, each read as the run
 * being checked would run it (its draft, or its latest available version; runbookLoader.ts).
 */
export interface RunbookFacts {
  /** The inputs it declares; undefined when the runbook no longer exists. */
  inputsOf(runbookId: string): readonly RunbookInput[] | undefined;
}

/**
 * What validation knows of the integrations `{{config.<prefix>.<field>}}` placeholders name: by
 * variable prefix, the integration's name and the fields its configurations fill; undefined when
 * no integration has the prefix.
 */
export interface ConfigFacts {
  fieldsOf(prefix: string): { integration: string; fields: readonly string[] } | undefined;
}

/** What a step's own checks may look at besides the step. */
export interface StepCheckContext {
  /** The parts of the graph the checks need (the whole graph's type is built from the steps'). */
  graph: { inputs: readonly RunbookInput[] };
  methods: MethodFacts;
  runbooks: RunbookFacts;
}

/** Every step has these; the rest of its settings depend on its type. */
export interface StepShape {
  id: string;
  name: string;
  type: string;
}

/** The declaration of one step type; `S` is the type's step as its schema reads it. */
export interface StepDescriptor<S extends StepShape = StepShape> {
  type: S['type'];
  /** Shown in the palette, on the canvas and in the inspector. */
  label: string;
  description: string;
  schema: z.ZodType<S>;
  /**
   * Edge kinds leaving a step of this type; each must be connected for the step to be valid.
   * A type whose exits depend on its settings lists the fixed ones here and declares `exitsOf`.
   */
  outgoing: readonly EdgeKind[];
  /** The exits of this very step, when they depend on its settings (a Switch's cases). */
  exitsOf?(step: S): readonly EdgeKind[];
  /** How an exit is named on the canvas and in the inspector, when not by its kind. */
  exitLabel?(step: S, kind: EdgeKind): string;
  /** Edge kinds that may stay unconnected (a failure without an edge fails the run). */
  optional: readonly ('failure' | 'false')[];
  /** Where every run begins: one per runbook, no edge enters it, never deleted or copied. */
  isStart?: boolean;
  /**
   * A step of this type may hold its run waiting for a person (Wait for approval): the run's
   * status is "waiting" while it goes, and in queue mode a run that may reach one stays on the
   * main, where the question and its decision live.
   */
  waitsForPerson?: boolean;
  /**
   * Its record is the one request it sent and the answer (Execute method): the call log's entry
   * for that request is kept with the record, and a test case replays the step from it.
   */
  recordIsItsCall?: boolean;
  /** The run it started, named by its record (Run runbook), so that run's records are found too. */
  childRunOfRecord?(response: unknown): string | undefined;
  /** Outputs every step of this type gives whatever its settings, with what each holds. */
  fixedOutputs?: Readonly<Record<string, string>>;
  /** The settings of a step just added from the palette (id and name are given). */
  newSettings(): Omit<S, keyof StepShape>;
  /** Its texts with {{placeholders}}, each checked against the variables in scope. */
  templatesOf(step: S): string[];
  /**
   * Texts checked with a few more variables in scope than the step's own (a Wait for approval's
   * Notify request sees {{approval.link}}); those variables are known nowhere else.
   */
  scopedTemplatesOf?(step: S): { texts: string[]; variables: readonly string[] };
  /**
   * The outputs later steps may read as steps.<id>.outputs.<name>: null when any name may come
   * (not known before the run). Without this, the step has no outputs.
   */
  outputsInScope?(step: S, outputsOf: (methodId: string) => string[] | undefined): ReadonlySet<string> | null;
  /** The {{vars.<name>}} it sets for the steps after it. */
  variablesSet?(step: S): readonly string[];
  /**
   * The {{vars}} a record of such a step set, read from its recorded outputs: a run going on
   * after the step (resumed, or re-run from a later step) and a Test reading the latest run set
   * them again from there. Without this, its record sets no variables.
   */
  variablesOfRecord?(outputs: Record<string, unknown>): Record<string, unknown>;
  /** The loop item it offers to the steps of its "body" branch, by name. */
  loopItemOf?(step: S): string;
  /** Checks beyond the schema and the templates (e.g. a method's arguments are filled in). */
  validate?(step: S, context: StepCheckContext): GraphIssue[];
  /**
   * What it refers to by id (a method, a runbook) and how a runbook file writes that by name.
   * Without this, the step refers to nothing and goes into a file as it is.
   */
  references?: StepReferences<S>;
  /**
   * How a step of this type is pinned for designer runs (shared/rehearsal/stepPins.ts). Without
   * this, it is not pinned.
   */
  pin?: StepPinRules<S>;
}

/**
 * Declares a step type, keeping its schema's own type (so the registry can build the union of
 * all step schemas from the list of descriptors). Name the schema's type when calling it —
 * `defineStep<typeof delaySchema>({…})` — so the settings of a new step keep their literal types.
 */
export function defineStep<Schema extends z.ZodType<StepShape>>(
  descriptor: StepDescriptor<z.output<Schema>> & { schema: Schema },
): StepDescriptor<z.output<Schema>> & { schema: Schema } {
  return descriptor;
}
