/**
 * Which of a runbook's test cases its file carries: each one an import would read. A case that
 * alone holds what a file cannot (saved before such cases were refused at saving:
 * shared/rehearsal/testCaseTravel.ts) is left out; so are cases that fit alone but not together,
 * once the file would pass the 4 MB or the 250,000 keys and items an import reads. Each case
 * left out is named in a warning; it stays in the database as it is.
 */
import { countText } from '../../../shared/domain/countText';
import { isReadableFile, maxFileValues, maxRunbookFileBytes } from '../../../shared/io/exchangeDocument';
import { utf8ByteLength } from '../../../shared/io/exchangeText';
import { canonical, serialiseRunbookFile, type RunbookFile } from '../../../shared/io/runbookFile';
import type { TestCaseContent } from '../../../shared/rehearsal/testCase';
import { testCaseTravelProblem } from '../../../shared/rehearsal/testCaseTravel';

/** The keys and array items in `value`, as an import counts them in its text (jsonBreadth.ts). */
function valuesIn(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const items: unknown[] = Array.isArray(value) ? value : Object.values(value);
  return items.reduce<number>((count, item) => count + 1 + valuesIn(item), 0);
}

/** What a case adds to the file: its bytes as written in `testCases` (with a separator) and its values. */
function costOf(testCase: TestCaseContent): { bytes: number; values: number } {
  // Written alone at the depth the file writes it: the wrapper's own bytes taken off.
  const wrapper = `{\n  "testCases": [\n\n  ]\n}`;
  const written = JSON.stringify(canonical({ testCases: [testCase] }), null, 2);
  return {
    bytes: utf8ByteLength(written) - wrapper.length + ',\n'.length,
    values: 1 + valuesIn(canonical(testCase)),
  };
}

/** Whether an import reads the file's text as far as size and breadth go. */

const leftOutWarning = (name: string, why: string) =>
  `The test case "${name}" is left out of the file, which ${why}.`;

/**
 * The file with the test cases it can carry (in their order) and a warning for each left out;
 * `stepName` names a step of the runbook by its id.
 */
export function withTestCases(
  file: RunbookFile,
  testCases: readonly TestCaseContent[],
  stepName: (stepId: string) => string,
): { content: string; warnings: string[] } {
  const warnings: string[] = [];
  const base = serialiseRunbookFile(file);
  let bytes = utf8ByteLength(base) + `,\n  "testCases": [\n  ]`.length;
  // Counted in the file as written (its integrations as shared), with the key `testCases`.
  let values = valuesIn(JSON.parse(base)) + 1;
  const carried: TestCaseContent[] = [];
  for (const testCase of testCases) {
    const problem = testCaseTravelProblem(testCase, stepName);
    if (problem !== undefined) {
      warnings.push(leftOutWarning(testCase.name, `could not be imported with it. ${problem.reason}`));
      continue;
    }
    const cost = costOf(testCase);
    if (bytes + cost.bytes > maxRunbookFileBytes) {
      const most = String(maxRunbookFileBytes / 1024 / 1024);
      warnings.push(
        leftOutWarning(testCase.name, `would take more than the ${most} MB an import reads with it`),
      );
    } else if (values + cost.values > maxFileValues) {
      const most = countText(maxFileValues);
      warnings.push(
        leftOutWarning(
          testCase.name,
          `would hold more than the ${most} keys and array items an import reads with it`,
        ),
      );
    } else {
      carried.push(testCase);
      bytes += cost.bytes;
      values += cost.values;
    }
  }
  // Counted as the import counts; should a count fall short, the last case goes rather than the file.
  for (;;) {
    const content = carried.length === 0 ? base : serialiseRunbookFile({ ...file, testCases: carried });
    const last = carried.at(-1);
    if (last === undefined || isReadableFile(content)) return { content, warnings };
    carried.pop();
    warnings.push(leftOutWarning(last.name, 'could not be imported with it'));
  }
}
