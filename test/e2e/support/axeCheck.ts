/**
 * axe-core in the page: injects it (once per loaded document) and lists the serious and critical
 * violations of the screen now shown, one line each, for a test to report them all at once.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// Evaluated rather than added as a <script>: the window's Content-Security-Policy allows no inline
// script, and the check must not loosen it.
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One failing element of one rule, as the test reports it. */
export interface AxeFinding {
  rule: string;
  impact: string;
  target: string;
  summary: string;
}

/** The impacts that fail the check (WCAG failures a user meets); moderate and minor are reported only. */
export const failingImpacts = ['serious', 'critical'];

/**
 * Runs axe on the whole document (e2e files are type-checked without the DOM lib, hence the string
 * evaluate) and returns every violating element with its rule and impact.
 */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  if ((await page.evaluate('typeof window.axe')) === 'undefined') await page.evaluate(axeSource);
  const json = await page.evaluate(`axe
    .run(document, { resultTypes: ['violations'] })
    .then((results) => JSON.stringify(results.violations.flatMap((violation) =>
      violation.nodes.map((node) => ({
        rule: violation.id,
        impact: node.impact ?? violation.impact ?? 'unknown',
        target: node.target.join(' '),
        summary: (node.failureSummary ?? violation.help).replace(/\\s+/g, ' ').trim(),
      })))))`);
  return JSON.parse(String(json)) as AxeFinding[];
}

/** "screen (scheme) rule [impact] target: summary", one line per finding. */
export function describeFinding(where: string, finding: AxeFinding): string {
  return `${where} ${finding.rule} [${finding.impact}] ${finding.target}: ${finding.summary}`;
}
