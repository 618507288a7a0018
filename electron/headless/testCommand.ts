/**
 * `runbook-designer test <file>`: imports the runbook file (or reuses the runbook of its name,
 * its draft and test cases brought up to date from the file) and replays every test case the file
 * carries, offline — nothing is sent; each request is matched to its recording. Prints one line
 * per case (a failed one with its reasons) and a summary to stdout; with `--junit <path>` writes
 * JUnit XML there. Exit codes: 0 every case passed, 1 one failed, 2 bad usage, a file that cannot
 * be used or one without test cases.
 */
import fs from 'node:fs';
import type { Backend } from '../services/backend';
import { typedCallOf } from '../services/api/typedCall';
import { readRunbookFile } from '../../shared/io/readRunbookFile';
import type { TestCaseResult } from '../../shared/rehearsal/testCase';
import { junitReport } from './junitReport';
import { importOrReuse, readFileText, type RunCommandIo } from './runCommand';

export interface TestCommandOptions {
  file: string;
  /** Where to write the JUnit XML report. */
  junit?: string | undefined;
}

/** `✓ name (12 ms)`, or `✗ name` and each reason indented under it. */
export function caseLines(result: TestCaseResult): string {
  const time = `(${String(Math.round(result.durationMs))} ms)`;
  if (result.isPassed) return `✓ ${result.name} ${time}\n`;
  const reasons = result.failures.map((failure) => `    ${failure.replaceAll('\n', '\n    ')}\n`).join('');
  return `✗ ${result.name} ${time}\n${reasons}`;
}

export async function testCommand(
  backend: Backend,
  options: TestCommandOptions,
  io: RunCommandIo,
): Promise<number> {
  const call = typedCallOf(backend.dispatch);
  let runbookId: string;
  let name: string;
  try {
    const content = readFileText(options.file);
    const file = readRunbookFile(content);
    name = file.runbook.name;
    if ((file.testCases ?? []).length === 0) {
      io.err(
        `${options.file} has no test cases: save a run as a test case in the app, then export the runbook.\n`,
      );
      return 2;
    }
    runbookId = await importOrReuse(call, content, io);
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 2;
  }
  const results = await call('testCases.run', { runbookId });
  for (const result of results) io.out(caseLines(result));
  const failed = results.filter((result) => !result.isPassed).length;
  io.out(
    `${String(results.length)} test cases of "${name}": ${String(results.length - failed)} passed, ${String(failed)} failed\n`,
  );
  if (options.junit !== undefined) {
    try {
      fs.writeFileSync(options.junit, junitReport(name, results));
    } catch (error) {
      io.err(`Cannot write the JUnit report to ${options.junit}: ${(error as Error).message}\n`);
      return 2;
    }
  }
  return failed === 0 ? 0 : 1;
}
