/**
 * Whether a method's output variables can read a response at all: an expression that does not
 * parse would give no value on every run, silently. The method service refuses such a method
 * when it is saved; the editor shows the same message at the output's row as it is typed.
 */
import type { OutputVariable } from '../domain/method';
import { parseOutputExpression } from './outputExpression';

export interface OutputVariableProblem {
  /** The output's position in the method's list. */
  index: number;
  /** The message, naming the output variable: `Output variable "id": Unexpected "[" at position 2 in $.[0]`. */
  message: string;
}

/** Why `expression` cannot be read, or undefined when it parses (an empty one is the schema's to refuse). */
export function outputExpressionProblem(expression: string): string | undefined {
  if (expression.trim() === '') return undefined;
  try {
    parseOutputExpression(expression);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : 'This expression cannot be read.';
  }
}

/** The first output variable whose expression does not parse, if any. */
export function firstOutputVariableProblem(
  outputs: readonly OutputVariable[],
): OutputVariableProblem | undefined {
  for (const [index, output] of outputs.entries()) {
    const problem = outputExpressionProblem(output.expression);
    if (problem === undefined) continue;
    const name = output.name.trim() === '' ? `${String(index + 1)}` : `"${output.name}"`;
    return { index, message: `Output variable ${name}: ${problem}` };
  }
  return undefined;
}
