/**
 * The values a Test of one Execute method step sends: each of the method's variables from the
 * step's argument template, resolved the way a run would — runbook inputs from what the user
 * gives the test, and earlier steps' outputs, `vars`, the webhook payload and the client from the
 * runbook's latest run. Each placeholder says where its value came from; one that cannot be
 * resolved is named with the reason, so nothing is sent as an empty value without the user
 * knowing. What is sent is what a run would hand the method: an argument that is one placeholder
 * keeps its value's type (a Yes/no input's true, a number, a JSON input's object), as the engine's
 * resolveTemplateValue does, so a JSON body's `{{flag}}` is filled with true, not "true".
 */
import { ExpressionError } from '../expressions/expressionError';
import { lookUp, parseTemplate, renderValue, type TemplatePart } from '../expressions/template';
import type { RunbookInput } from './runbookGraph';
import { descriptorNamed } from './steps/stepRegistry';

/** What the test knows of the runbook's latest run. */
export interface LatestRunValues {
  id: string;
  /** The run's step records, in the order they were written (a loop's steps appear again). */
  steps: readonly { stepId: string; stepType: string; status: string; outputs: Record<string, unknown> }[];
  triggerBody: unknown;
  clientName: string;
}

/**
 * Where a placeholder's value came from: an input the user gave, the latest run, or an example
 * the test stands in with for a value only a run makes (a Notify request's approval link).
 */
export type ValueOrigin = 'input' | 'latestRun' | 'example';

/** One placeholder of an argument, resolved or not. */
export type PlaceholderValue =
  { path: string; origin: ValueOrigin; value: string } | { path: string; origin: null; reason: string };

/** One method variable as the test would send it. */
export interface ArgumentValue {
  name: string;
  template: string;
  /** The value as text; null when a placeholder is unresolved or the template does not parse. */
  value: string | null;
  /**
   * What is sent when `value` is not null: the one placeholder's own value when the template is
   * exactly one (true, 3, an object, null), else `value`.
   */
  sent: unknown;
  placeholders: PlaceholderValue[];
  /** Why there is no value other than an unresolved placeholder (no template, bad syntax). */
  problem: string | null;
}

/** The scope a run would resolve in, rebuilt from the latest run: each step's last record. */
function runScopeOf(run: LatestRunValues): Record<string, unknown> {
  const steps: Record<string, { status: string; outputs: Record<string, unknown> }> = {};
  const vars: Record<string, unknown> = {};
  for (const record of run.steps) {
    steps[record.stepId] = { status: record.status, outputs: record.outputs };
    Object.assign(vars, descriptorNamed(record.stepType)?.variablesOfRecord?.(record.outputs));
  }
  return { steps, vars, trigger: { body: run.triggerBody }, client: run.clientName };
}

/** Why a placeholder the latest run should give is not there. */
function missingFromRunReason(segments: readonly (string | number)[], run: LatestRunValues | null): string {
  const [root, stepId] = segments;
  if (run === null) return 'this runbook has not run yet, so no earlier run gives it';
  if (root === 'steps' && typeof stepId === 'string' && !run.steps.some((record) => record.stepId === stepId))
    return `the latest run did not reach step "${stepId}"`;
  return 'the latest run has no such value';
}

/** The value a resolved placeholder found, kept with its type for an argument that is only it. */
type Resolved = { placeholder: PlaceholderValue; found?: unknown };

/** One placeholder's value and origin, or why it has none. */
function resolvePlaceholder(
  part: Extract<TemplatePart, { kind: 'variable' }>,
  inputs: Record<string, unknown>,
  run: LatestRunValues | null,
  runScope: Record<string, unknown> | null,
  examples: Readonly<Record<string, unknown>>,
): Resolved {
  const [root, name] = part.segments;
  const { path } = part;
  const unresolved = (reason: string): Resolved => ({ placeholder: { path, origin: null, reason } });
  const resolved = (origin: ValueOrigin, found: unknown): Resolved => ({
    placeholder: { path, origin, value: renderValue(found) },
    found,
  });
  if (typeof root === 'string' && Object.hasOwn(examples, root)) {
    const found = lookUp(examples, part.segments);
    return typeof found !== 'symbol' ? resolved('example', found) : unresolved(`"${root}" has no such value`);
  }
  if (root === 'inputs') {
    const found = lookUp({ inputs }, part.segments);
    if (typeof found !== 'symbol') return resolved('input', found);
    return unresolved(
      typeof name === 'string' && !Object.hasOwn(inputs, name)
        ? `no value given for the input "${name}"`
        : 'the input has no such value',
    );
  }
  if (root === 'steps' || root === 'vars' || root === 'trigger' || root === 'client') {
    const found = runScope === null ? Symbol('absent') : lookUp(runScope, part.segments);
    if (typeof found !== 'symbol') return resolved('latestRun', found);
    return unresolved(missingFromRunReason(part.segments, run));
  }
  // Its values (secrets among them) never reach the window: only a run reads them, on the backend.
  if (root === 'config')
    return unresolved(
      'a configuration value is read only by a run, never in the window: try the step in a Dry run',
    );
  return unresolved(`"${String(root)}" has a value only inside a running loop`);
}

/**
 * The value of each of `variables` for a test of the step with these `templates`.
 * `inputs` holds the inputs the user gave (typed as the run would type them); an input left
 * out is unresolved, not empty. `examples` holds, by root name, what the test gives for values
 * only a run makes (`{ approval: { link, … } }`).
 */
export function stepTestArguments(
  variables: readonly string[],
  templates: Readonly<Record<string, string>>,
  inputs: Record<string, unknown>,
  latestRun: LatestRunValues | null,
  examples: Readonly<Record<string, unknown>> = {},
): ArgumentValue[] {
  const runScope = latestRun === null ? null : runScopeOf(latestRun);
  return variables.map((name) => {
    const template = templates[name] ?? '';
    if (template.trim() === '')
      return {
        name,
        template,
        value: null,
        sent: null,
        placeholders: [],
        problem: 'the step gives it no value',
      };
    let parts: TemplatePart[];
    try {
      parts = parseTemplate(template);
    } catch (error) {
      const message = error instanceof ExpressionError ? error.message : String(error);
      return { name, template, value: null, sent: null, placeholders: [], problem: message };
    }
    const placeholders: PlaceholderValue[] = [];
    let value: string | null = '';
    let found: unknown;
    for (const part of parts) {
      if (part.kind === 'text') {
        value = value === null ? null : value + part.text;
        continue;
      }
      const resolved = resolvePlaceholder(part, inputs, latestRun, runScope, examples);
      const { placeholder } = resolved;
      if (!placeholders.some((known) => known.path === placeholder.path)) placeholders.push(placeholder);
      value = placeholder.origin === null || value === null ? null : value + placeholder.value;
      found = resolved.found;
    }
    const isOnePlaceholder = parts.length === 1 && parts[0]?.kind === 'variable';
    const sent = value === null ? null : isOnePlaceholder ? found : value;
    return { name, template, value, sent, placeholders, problem: null };
  });
}

/**
 * The inputs typed for a test as a run would hold them: numbers, booleans and JSON parsed, an
 * optional input left empty as null (a run's templates read it as ""); a required one left
 * empty, or a value that does not fit its type, is left out, so its placeholders are named.
 */
export function typedTestInputs(
  declared: readonly RunbookInput[],
  typed: Readonly<Record<string, string>>,
): Record<string, unknown> {
  // Read and kept as own entries: an input named "__proto__" assigned plainly set the object's
  // prototype, and its typed value was dropped.
  const inputs: [string, unknown][] = [];
  for (const input of declared) {
    const text = (Object.hasOwn(typed, input.name) ? typed[input.name] : undefined) ?? '';
    if (text === '') {
      if (!input.isRequired) inputs.push([input.name, null]);
      continue;
    }
    const value = typedValue(input.type, text);
    if (value !== undefined) inputs.push([input.name, value]);
  }
  return Object.fromEntries(inputs);
}

/** A text as an input of this type holds it; undefined when it does not fit. */
function typedValue(type: RunbookInput['type'], text: string): unknown {
  switch (type) {
    case 'string':
      return text;
    case 'number':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
  }
}
