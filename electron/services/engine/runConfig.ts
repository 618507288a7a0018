/**
 * The `{{config.<prefix>.<field>}}` values a run's step templates read (PRODUCT.md §4: any
 * template field, not only a method's request): read once as the run starts, for its client, and
 * only when its templates name some — a run whose templates name none reads nothing and its steps
 * do no more than before. The secrets among them are masked like a webhook's credential
 * (StartRunInput.maskedValues); a reference without a value fails only the step that reads it,
 * saying why.
 */
import { configPathOf, configReferenceOf } from '../../../shared/expressions/configReference';
import { ExpressionError } from '../../../shared/expressions/expressionError';
import { parseTemplate } from '../../../shared/expressions/template';
import { configReferencesOfSteps } from '../../../shared/runbook/graphReferences';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';

/** What the host reads for a run: the values, the secrets among them, and why any has none (by path). */
export interface ConfigValues {
  values: Record<string, Record<string, string>>;
  secrets: string[];
  problems: Record<string, string>;
}

/** Reads the values of `references` ([prefix, field]) for a run's client ('' for none). */
export type ReadConfigValues = (
  references: readonly (readonly [string, string])[],
  client: string,
) => ConfigValues;

/** The values a run's templates read, and why those without one have none (by `config.<prefix>.<field>`). */
export interface RunConfig {
  values: Record<string, Record<string, string>>;
  problems: Record<string, string>;
}

/** The references of a graph read from a stored draft or version: the same object comes back while its row is unchanged. */
const referencesOfGraph = new WeakMap<RunbookGraph, (readonly [string, string])[]>();

function configReferencesOfGraph(graph: RunbookGraph): (readonly [string, string])[] {
  let references = referencesOfGraph.get(graph);
  if (references === undefined) {
    references = configReferencesOfSteps(graph.steps);
    referencesOfGraph.set(graph, references);
  }
  return references;
}

/**
 * The configuration values the graph's templates read, for the run's client, with the secrets
 * among them; undefined when its templates read none. A host that cannot read them (none given)
 * fails each step that reads one, saying so.
 */
export function readRunConfig(
  graph: RunbookGraph,
  client: string,
  read: ReadConfigValues | undefined,
): { config: RunConfig; secrets: string[] } | undefined {
  const references = configReferencesOfGraph(graph);
  if (references.length === 0) return undefined;
  if (read === undefined) {
    const problems = Object.fromEntries(
      references.map(([prefix, field]) => [
        configPathOf(prefix, field),
        'This app cannot read configuration values here.',
      ]),
    );
    return { config: { values: {}, problems }, secrets: [] };
  }
  const { values, secrets, problems } = read(references, client);
  return { config: { values, problems }, secrets };
}

/**
 * The error resolving `text` threw, said plainly when it is a configuration value the run has
 * none of (the client has no configuration, the field is empty…) rather than "Unknown variable".
 */
export function explainedConfigError(error: unknown, text: string, config: RunConfig | undefined): unknown {
  if (config === undefined || !(error instanceof ExpressionError)) return error;
  const part = parseTemplate(text).find((each) => each.kind === 'variable' && each.start === error.position);
  const reference = part?.kind === 'variable' ? configReferenceOf(part.path) : undefined;
  const problem = reference === undefined ? undefined : config.problems[configPathOf(...reference)];
  return part?.kind !== 'variable' || problem === undefined
    ? error
    : new ExpressionError(`{{${part.path}}}: ${problem}`, error.position);
}
