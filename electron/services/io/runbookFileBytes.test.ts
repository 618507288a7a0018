/**
 * The runbook file's bytes are a format people keep in git: a runbook using every step type (a
 * method in each configuration mode, a runbook it runs) exports to the very bytes of the file
 * kept beside this test, and importing that file into another data directory and exporting it
 * there gives the same bytes back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../../shared/api/contract';
import { stepTypeNames } from '../../../shared/runbook/stepTypes';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Backend = ReturnType<typeof startBackend>;
const call = <K extends CallName>(backend: Backend, name: K, input: CallInput<K>) =>
  inProcessApi(backend).call(name, input);

const expectedFile = path.join(import.meta.dirname, 'testSupport', 'everyStepType.runbook.json');

/** An integration with two methods and a configuration named "Prod". */
async function addIntegration(backend: Backend) {
  const { id: integrationId } = await call(backend, 'integrations.create', {
    details: { name: 'Tickets', category: 'PSA', description: 'The help desk' },
  });
  await call(backend, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: 'https://tickets.example', auth: { type: 'bearer' }, variablePrefix: 'tickets' },
  });
  const { id: configurationId } = await call(backend, 'configurations.create', {
    integrationId,
    name: 'Prod',
  });
  return { integrationId, configurationId };
}

/** A runbook with one step of every type, and the runbook its Run runbook step starts. */
async function author(backend: Backend) {
  const { integrationId, configurationId } = await addIntegration(backend);
  const { id: getTicket } = await call(backend, 'methods.create', {
    integrationId,
    definition: {
      name: 'Get ticket',
      httpMethod: 'GET',
      path: '/tickets/{{id}}',
      outputs: [{ name: 'title', expression: 'response^title!' }],
    },
  });
  const { id: closeTicket } = await call(backend, 'methods.create', {
    integrationId,
    definition: { name: 'Close ticket', httpMethod: 'POST', path: '/tickets/{{id}}/close' },
  });
  const { id: childId } = await call(backend, 'runbooks.create', { details: { name: 'Notify' } });
  await call(backend, 'runbooks.update', {
    id: childId,
    draft: {
      inputs: [{ name: 'title', type: 'string', isRequired: false }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'done', name: 'Done', type: 'end', message: '{{inputs.title}}' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    },
  });
  const { id: runbookId } = await call(backend, 'runbooks.create', {
    details: { name: 'Close stale tickets', category: 'Nightly', tags: ['psa', 'cleanup'] },
  });
  await call(backend, 'runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [{ name: 'ids', type: 'string', isRequired: true }],
      steps: [
        { id: 'start', name: 'Start', type: 'start', schedule: { isEnabled: false } },
        { id: 'each', name: 'Each ticket', type: 'forEach', items: '{{inputs.ids}}', itemVariable: 'ticket' },
        {
          id: 'get',
          name: 'Get',
          type: 'method',
          methodId: getTicket,
          configuration: { mode: 'named', configurationId },
          arguments: { id: '{{ticket}}' },
          timeoutSeconds: 30,
        },
        {
          id: 'check',
          name: 'Stale?',
          type: 'condition',
          combine: 'any',
          rules: [{ left: '{{steps.get.outputs.title}}', operator: 'contains', right: 'stale' }],
        },
        {
          id: 'close',
          name: 'Close',
          type: 'method',
          methodId: closeTicket,
          configuration: { mode: 'client' },
          arguments: { id: '{{ticket}}' },
        },
        { id: 'again', name: 'Close again', type: 'method', methodId: closeTicket, arguments: { id: '1' } },
        {
          id: 'note',
          name: 'Note',
          type: 'setVariables',
          assignments: [{ name: 'last', value: '{{ticket}}' }],
        },
        { id: 'wait', name: 'Wait', type: 'delay', seconds: '2' },
        {
          id: 'notify',
          name: 'Notify',
          type: 'runRunbook',
          runbookId: childId,
          inputs: { title: '{{vars.last}}' },
        },
        {
          id: 'route',
          name: 'Route',
          type: 'switch',
          value: '{{vars.last}}',
          cases: [
            { id: 'c1', equals: '1' },
            { id: 'c2', equals: '{{inputs.ids}}' },
          ],
        },
        {
          id: 'ask',
          name: 'Ask',
          type: 'approval',
          message: 'Close {{vars.last}}?',
          timeoutMinutes: 120,
          approvers: 'Service desk',
          instructions: 'Check the ticket first.',
        },
        { id: 'done', name: 'Done', type: 'end', outcome: 'succeeded', message: 'Closed' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'each' },
        { from: 'each', kind: 'body', to: 'get' },
        { from: 'get', kind: 'success', to: 'check' },
        { from: 'check', kind: 'true', to: 'close' },
        { from: 'check', kind: 'false', to: 'again' },
        { from: 'close', kind: 'success', to: 'note' },
        { from: 'again', kind: 'success', to: 'note' },
        { from: 'note', kind: 'next', to: 'each' },
        { from: 'each', kind: 'done', to: 'wait' },
        { from: 'wait', kind: 'next', to: 'notify' },
        { from: 'notify', kind: 'success', to: 'route' },
        { from: 'route', kind: 'case_c1', to: 'done' },
        { from: 'route', kind: 'case_c2', to: 'done' },
        { from: 'route', kind: 'default', to: 'ask' },
        { from: 'ask', kind: 'approved', to: 'done' },
        { from: 'ask', kind: 'rejected', to: 'done' },
        { from: 'ask', kind: 'timed_out', to: 'done' },
      ],
      positions: { start: { x: 0, y: 0 }, each: { x: 0, y: 140 }, done: { x: 240, y: 560 } },
    },
  });
  return runbookId;
}

describe('runbook file bytes', () => {
  it('writes a runbook using every step type exactly as the kept file', async () => {
    const backend = startBackend();
    const runbookId = await author(backend);
    const { content } = await call(backend, 'runbooks.export', { id: runbookId });
    const types = (JSON.parse(content) as { runbook: { steps: { type: string }[] } }).runbook.steps.map(
      (step) => step.type,
    );
    expect(
      new Set(types),
      'the runbook here has a step of every type: add the new type to author() and rewrite the kept file (shared/runbook/steps/README.md, Check)',
    ).toEqual(new Set(stepTypeNames));
    expect(content).toBe(fs.readFileSync(expectedFile, 'utf8'));
  });

  it('imports the kept file into another data directory and exports the same bytes from there', async () => {
    const kept = fs.readFileSync(expectedFile, 'utf8');
    const theirs = startBackend();
    // Their "Tickets" has a configuration named "Prod" too, so the named step keeps its choice.
    await addIntegration(theirs);
    const { runbookId } = await call(theirs, 'runbooks.import', { content: kept });
    expect((await call(theirs, 'runbooks.validate', { id: runbookId })).issues).toEqual([]);
    expect((await call(theirs, 'runbooks.export', { id: runbookId })).content).toBe(kept);
  });
});
