/**
 * What a test case may hold so that its runbook's file carries it: an import refuses a file with
 * an object of more than 10,000 keys, or more than 250,000 keys and array items in all, counted
 * before it is parsed (exchangeDocument.ts). A case recording such a value (an output kept the
 * whole answer of an API listing 12,000 users in one object) saved and exported, and its file was
 * then refused by the app itself; such a case is refused where it is saved, naming the value. So
 * is a case that alone would take more than the 4 MB an import reads.
 */
import { countText } from '../domain/countText';
import { findTooBroad, maxJsonObjectKeys } from '../domain/jsonBreadth';
import { maxFileValues, maxRunbookFileBytes, megabytesText } from '../io/exchangeDocument';
import { utf8ByteLength } from '../io/exchangeText';
import type { TestCaseContent } from './testCase';

/** Which part of a case holds the value a file cannot carry, and why, in words the user reads. */
export interface TestCaseTravelProblem {
  part: 'input' | 'output' | 'expectation' | 'case';
  reason: string;
}

const most = (count: number) => countText(count);

/** Why a file could not carry `value`, `what` naming it ('The input "ticket"'), or undefined. */
function tooBroadForFile(what: string, value: unknown): string | undefined {
  const fault = findTooBroad(JSON.stringify(value) ?? 'null', maxFileValues);
  if (fault === undefined) return undefined;
  if (fault.kind === 'values')
    return `${what} holds more than ${most(maxFileValues)} keys and array items in all, more than a runbook's file carries`;
  const at = fault.path === '$' ? '' : ` (at ${fault.path.replace(/^\$\.?/, '')})`;
  return `${what} holds an object of more than ${most(maxJsonObjectKeys)} keys${at}; a runbook's file carries at most ${most(maxJsonObjectKeys)} keys in one object`;
}

/** Why an expectation's value cannot travel in a file, or undefined. */
export function expectationTravelProblem(
  expectation: TestCaseContent['expectations'][number],
  stepName: (stepId: string) => string,
): TestCaseTravelProblem | undefined {
  if (expectation.kind !== 'output') return undefined;
  const what = `The value expected of the output "${expectation.name}" of "${stepName(expectation.stepId)}"`;
  const reason = tooBroadForFile(what, expectation.equals);
  return reason === undefined ? undefined : { part: 'expectation', reason };
}

/**
 * Which part a case too large or too broad as a whole is blamed on: its largest, or the values
 * it expects — when what the run recorded travels alone, it is they that take the case past.
 */
export type TravelBlame = 'largestPart' | 'expectations';

/**
 * Why the case cannot travel in its runbook's file, naming the first value at fault (an input, a
 * step's output by the step's name, an expected value), else the case as a whole (its largest
 * part, or its expectations as `blame` says); undefined when a file carries it.
 */
export function testCaseTravelProblem(
  testCase: Pick<TestCaseContent, 'inputs' | 'outcome' | 'expectations' | 'recordings'>,
  stepName: (stepId: string) => string,
  blame: TravelBlame = 'largestPart',
): TestCaseTravelProblem | undefined {
  for (const [name, value] of Object.entries(testCase.inputs)) {
    const reason = tooBroadForFile(`The input "${name}"`, value);
    if (reason !== undefined) return { part: 'input', reason };
  }
  for (const [stepId, outputs] of Object.entries(testCase.outcome.outputs))
    for (const [name, value] of Object.entries(outputs)) {
      const reason = tooBroadForFile(`The output "${name}" of "${stepName(stepId)}"`, value);
      if (reason !== undefined) return { part: 'output', reason };
    }
  for (const expectation of testCase.expectations) {
    const problem = expectationTravelProblem(expectation, stepName);
    if (problem !== undefined) return problem;
  }
  if (blame === 'expectations') {
    const reason = tooBroadForFile('The test case with the values it expects', testCase);
    if (reason !== undefined) return { part: 'expectation', reason };
  } else {
    const reason = tooBroadForFile('The test case', testCase);
    if (reason !== undefined) return { part: 'case', reason };
  }
  return tooLargeForFile(testCase, stepName, blame);
}

/**
 * Why a file could not carry the case for its size (an import reads 4 MB), naming its largest
 * part — a step's outputs, its inputs, its recordings or its expected values — or its expected
 * values as `blame` says; undefined when it fits.
 */
function tooLargeForFile(
  testCase: Pick<TestCaseContent, 'inputs' | 'outcome' | 'expectations' | 'recordings'>,
  stepName: (stepId: string) => string,
  blame: TravelBlame,
): TestCaseTravelProblem | undefined {
  // As the file writes it, indented at the depth of its `testCases`.
  const bytes = utf8ByteLength(JSON.stringify({ testCases: [testCase] }, null, 2));
  if (bytes <= maxRunbookFileBytes) return undefined;
  const parts: { part: TestCaseTravelProblem['part']; what: string; value: unknown }[] = [
    { part: 'input', what: 'its inputs take', value: testCase.inputs },
    ...Object.entries(testCase.outcome.outputs).map(([stepId, outputs]) => ({
      part: 'output' as const,
      what: `the outputs of "${stepName(stepId)}" take`,
      value: outputs,
    })),
    {
      part: 'case',
      what: 'the requests and responses it recorded take',
      value: testCase.recordings,
    },
    { part: 'expectation', what: 'the values it expects take', value: testCase.expectations },
  ];
  const sized = parts.map((part) => ({
    ...part,
    bytes: utf8ByteLength(JSON.stringify(part.value, null, 2)),
  }));
  const blamed = blame === 'expectations' ? sized.filter((part) => part.part === 'expectation') : sized;
  const largest = blamed.reduce((found, part) => (part.bytes > found.bytes ? part : found));
  return {
    part: largest.part,
    reason: `The test case would take ${megabytesText(bytes)} in its runbook's file, read up to ${String(maxRunbookFileBytes / 1024 / 1024)} MB (${largest.what} ${megabytesText(largest.bytes)})`,
  };
}

/**
 * Why a runbook file's test cases cannot be kept, or undefined: one the app would write past a
 * file's bounds (a file written compactly, by hand or a tool, reads up to 4 MB that take more
 * indented) would be saved, then left out of every export; refused as saving refuses it.
 * `steps` are the runbook's, naming a step by its id.
 */
export function fileTestCasesProblem(
  testCases: readonly TestCaseContent[],
  steps: readonly { id: string; name?: unknown }[],
): string | undefined {
  const names = new Map(steps.map((step) => [step.id, typeof step.name === 'string' ? step.name : step.id]));
  const stepName = (stepId: string) => names.get(stepId) ?? stepId;
  for (const testCase of testCases) {
    const problem = testCaseTravelProblem(testCase, stepName);
    if (problem !== undefined)
      return `the test case "${testCase.name}" holds more than a runbook's file carries as the app writes it, so it could not be exported again. ${problem.reason}.`;
  }
  return undefined;
}
