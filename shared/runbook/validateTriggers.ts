/**
 * Checks the Start step's triggers: webhook input mappings name declared inputs and readable
 * paths, Basic authentication has a user name, and a schedule is a cron expression that fires
 * in a real time zone. Issues belong to the Start step, so the canvas shows them there.
 */
import { parseOutputExpression } from '../expressions/outputExpression';
import { nextTimes, parseCron, timeZoneProblem } from '../schedule/cron';
import type { RunbookInput } from './runbookGraph';
import type { GraphIssue } from './steps/stepDescriptor';
import type { StartStep } from './steps/start';

/** An HTTP header name (RFC 9110 token). */
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/** The Start step's trigger problems, each naming what to fix. */
export function validateTriggers(graph: { inputs: readonly RunbookInput[] }, start: StartStep): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const report = (message: string) => issues.push({ stepId: start.id, message });
  const webhook = start.webhook;
  if (webhook?.isEnabled === true) {
    const declared = new Set(graph.inputs.map((input) => input.name));
    const mapped = new Set<string>();
    for (const { input, path } of webhook.inputMapping) {
      if (input === '') {
        report('A webhook mapping has no input: choose which input it fills.');
        continue;
      }
      if (!declared.has(input))
        report(`The webhook maps "${input}", which is not one of the runbook's inputs.`);
      if (mapped.has(input)) report(`The webhook maps "${input}" twice.`);
      mapped.add(input);
      if (path === '') {
        report(`The webhook reads "${input}" from nowhere: give a JSONPath ($.field) or headers.<name>.`);
        continue;
      }
      try {
        const kind = parseOutputExpression(path).kind;
        if (kind !== 'jsonPath' && kind !== 'header')
          report(`The webhook reads "${input}" with ${path}: use JSONPath ($.field) or headers.<name>.`);
      } catch (error) {
        report(
          `The webhook reads "${input}" with ${path}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (webhook.authentication === 'signature' && !headerName.test(webhook.signatureHeader))
      report(
        webhook.signatureHeader === ''
          ? 'The webhook’s signature header needs a name, such as X-Hub-Signature-256.'
          : `The webhook’s signature header "${webhook.signatureHeader}" is not a header name (letters, digits and - such as X-Signature).`,
      );
    if (webhook.authentication === 'basic' && webhook.username === '')
      report('The webhook’s Basic authentication needs a user name.');
  }
  const schedule = start.schedule;
  if (schedule?.isEnabled === true) {
    for (const input of graph.inputs) {
      if (input.isRequired && input.defaultValue === '')
        report(`Scheduled runs get no inputs: give "${input.name}" a default or make it optional.`);
    }
    // A draft keeps the names as typed; a firing skips the empty ones, and with none left starts nothing.
    if (Array.isArray(schedule.clients) && schedule.clients.every((name) => name.trim() === ''))
      report(
        'The schedule runs for these clients but names none: type their names, separated by commas, or choose Every client.',
      );
    const zoneProblem = timeZoneProblem(schedule.timeZone);
    if (zoneProblem !== undefined) {
      report(zoneProblem);
    } else {
      try {
        if (nextTimes(parseCron(schedule.expression), schedule.timeZone, new Date(), 1).length === 0)
          report('The schedule never fires.');
      } catch (error) {
        report(`The schedule: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return issues;
}
