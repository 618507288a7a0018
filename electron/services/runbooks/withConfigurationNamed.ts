/** A manual run's graph with the configuration the person starting it named: pure, so the refusal of a name no integration has is tested alone. */
import { AppError } from '../../../shared/api/appError';
import { withConfigurationFor } from '../../../shared/runbook/graphReferences';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';

/**
 * The graph with its primary-configuration method steps pointed at the configuration named so;
 * `configurationOf` gives, for a method, the id of its integration's configuration of that name.
 * Refused when no step's integration has one.
 */
export function withConfigurationNamed(
  graph: RunbookGraph,
  name: string,
  configurationOf: (methodId: string) => string | undefined,
): RunbookGraph {
  let matched = 0;
  const steps = graph.steps.map((step) => {
    const chosen = withConfigurationFor(step, configurationOf);
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
}
