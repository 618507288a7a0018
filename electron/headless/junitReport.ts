/**
 * JUnit XML for `runbook-designer test --junit <path>`: one test suite per runbook file, one test
 * case per runbook test case, each failure's reasons as its text — the format CI systems read.
 */
import type { TestCaseResult } from '../../shared/rehearsal/testCase';

/** Whether XML 1.0 can hold the character (tab, line breaks and everything from space on). */
const isXmlCharacter = (code: number) =>
  code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code !== 0xfffe && code !== 0xffff);

/** Text as XML character data or an attribute value: escaped, characters XML cannot hold dropped. */
function xmlText(text: string): string {
  return [...text]
    .filter((character) => isXmlCharacter(character.codePointAt(0) ?? 0))
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The report of one runbook's test cases. */
export function junitReport(suiteName: string, results: readonly TestCaseResult[]): string {
  const failed = results.filter((result) => !result.isPassed).length;
  const time = seconds(results.reduce((total, result) => total + result.durationMs, 0));
  const cases = results.map((result) => {
    const open = `    <testcase name="${xmlText(result.name)}" classname="${xmlText(suiteName)}" time="${seconds(result.durationMs)}"`;
    if (result.isPassed) return `${open}/>`;
    const message = xmlText(result.failures[0]?.split('\n')[0] ?? 'failed');
    return `${open}>\n      <failure message="${message}">${xmlText(result.failures.join('\n'))}</failure>\n    </testcase>`;
  });
  const counts = `tests="${String(results.length)}" failures="${String(failed)}" time="${time}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="runbook-designer" ${counts}>`,
    `  <testsuite name="${xmlText(suiteName)}" ${counts}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
