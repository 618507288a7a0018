/**
 * The inputs given to `run` (`--input name=value`, `--inputs-file`), read and then checked against
 * the runbook before a run starts, by the engine's own rules (prepareInputs). A missing, mistyped,
 * misspelt or repeated one is a command that was wrong: exit 2 with the reason on stderr. Before,
 * the run started, failed at once (exit 1, as if the runbook had failed) and was recorded, and
 * the reason was only in stdout's JSON; a misspelt optional input was dropped without a word.
 * Inputs larger than a run takes (runInputsSize.ts) are refused as they are read, before the
 * runbook is imported: a 50 MB input was stored whole in the run.
 */
import fs from 'node:fs';
import { prepareInputs } from '../services/engine/runInputs';
import type { RunbookInput } from '../../shared/runbook/runbookGraph';
import { jsonParseFault } from '../../shared/domain/jsonParseError';
import { maxRunInputsBytes, runInputsSizeProblem, sizeText } from '../../shared/runbook/runInputsSize';
import { UsageError } from './usageError';

export interface GivenInputs {
  /** `--input name=value`, repeatable. */
  inputs: string[];
  inputsFile?: string | undefined;
}

/** The values given, by name: the inputs file's, then each `--input` over them. */
export function parseInputs(options: GivenInputs): Record<string, unknown> {
  // Spread and defined, not assigned: an input named "__proto__" (a valid name) assigned would
  // set the object's prototype instead, and the run was then given Object.prototype for it.
  const inputs: Record<string, unknown> =
    options.inputsFile === undefined ? {} : { ...readInputsFile(options.inputsFile) };
  const named = new Set<string>();
  for (const pair of options.inputs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--input takes name=value, not "${pair}".`);
    const name = pair.slice(0, at);
    if (named.has(name)) throw new UsageError(`--input ${name} is given twice: give it once.`);
    named.add(name);
    Object.defineProperty(inputs, name, {
      value: pair.slice(at + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const tooLarge = runInputsSizeProblem(inputs);
  if (tooLarge !== undefined) throw new UsageError(tooLarge.message);
  return inputs;
}

/**
 * Even spaced out, a file four times the inputs' limit cannot hold inputs a run takes: refused
 * without reading it (a file of gigabytes would fill the memory).
 */
const maxInputsFileBytes = 4 * maxRunInputsBytes;

/** The JSON object of an inputs file. */
function readInputsFile(file: string): object {
  let parsed: unknown;
  try {
    const { size } = fs.statSync(file);
    if (size > maxInputsFileBytes)
      throw new UsageError(
        `--inputs-file ${file} is ${sizeText(size)}; a run takes at most ${sizeText(maxRunInputsBytes)} of inputs.`,
      );
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // A JSON refusal is said without the text it quotes: inputs may hold a secret, and CI logs keep it.
    const fault = error instanceof SyntaxError ? jsonParseFault(error) : (error as Error).message;
    throw new UsageError(`--inputs-file ${file} is not a readable JSON file: ${fault}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError(`--inputs-file ${file} must hold a JSON object of input names and values.`);
  return parsed;
}

/** Why the runbook's run could not start with these `--input`s; undefined when it can. */
export function givenInputsProblem(
  declared: readonly RunbookInput[],
  given: Record<string, unknown>,
  flags: readonly string[],
): string | undefined {
  const names = new Set(declared.map((input) => input.name));
  const unknown = flags.map((pair) => pair.slice(0, pair.indexOf('='))).filter((name) => !names.has(name));
  if (unknown.length > 0) {
    const inputs = names.size === 0 ? 'it has none' : `its inputs are ${[...names].join(', ')}`;
    return `The runbook has no input ${unknown.map((name) => `"${name}"`).join(', ')}; ${inputs}.`;
  }
  try {
    prepareInputs(declared, given);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
