/**
 * `{{config.<prefix>.<field>}}` in any template field of a runbook (PRODUCT.md §4), not only in
 * a method's request: a Condition, Set variables, an End's message read the configuration of the
 * run's client, and a secret among them is •••• in everything the run records and tells.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEventMessage } from '../../../shared/api/contract';
import type { Backend } from '../backend';
import { listen, type LocalServer } from '../http/testSupport/localServers';
import { oneStepDraft } from '../testSupport/drafts';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi, type TypedApi } from '../testSupport/typedApi';

let echo: LocalServer;
/** The query strings the echo API received. */
const received: string[] = [];
beforeAll(async () => {
  echo = await listen(
    http.createServer((request, response) => {
      const query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams;
      received.push(query.toString());
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ got: query.get('key') }));
    }),
  );
});
afterAll(() => echo.close());

/** A Secrets-only "Vault" (prefix `vault`): a text field `region`, a password field `key`. */
async function createVault(
  call: TypedApi['call'],
  isClientMode: boolean,
  configurations: readonly { name: string; clientName: string; region: string; key: string }[],
): Promise<string> {
  const { id } = await call('integrations.create', { details: { name: 'Vault', category: 'Other' } });
  await call('integrations.updateDefinition', {
    id,
    definition: {
      protocol: 'secrets',
      isClientMode,
      variablePrefix: 'vault',
      customFields: [
        { name: 'region', label: 'Region', type: 'text' },
        { name: 'key', label: 'Key', type: 'password' },
      ],
    },
  });
  for (const { region, key, ...rest } of configurations)
    await call('configurations.create', {
      integrationId: id,
      ...rest,
      values: { region },
      secrets: { key },
    });
  return id;
}

/**
 * Start → "Is EU" (config.vault.region equals eu) → true: "Keep key" (vars.key = the secret) →
 * "EU" (its message reads both); false: "Elsewhere" (its message reads both).
 */
const regionDraft = {
  steps: [
    { id: 'start', name: 'Start', type: 'start' as const },
    {
      id: 'is_eu',
      name: 'Is EU',
      type: 'condition' as const,
      rules: [{ left: '{{config.vault.region}}', operator: 'equals' as const, right: 'eu' }],
    },
    {
      id: 'keep',
      name: 'Keep key',
      type: 'setVariables' as const,
      assignments: [{ name: 'key', value: '{{config.vault.key}}' }],
    },
    { id: 'eu', name: 'EU', type: 'end' as const, message: 'EU {{config.vault.region}} {{vars.key}}' },
    {
      id: 'elsewhere',
      name: 'Elsewhere',
      type: 'end' as const,
      message: 'elsewhere {{config.vault.region}} {{config.vault.key}}',
    },
  ],
  edges: [
    { from: 'start', kind: 'next' as const, to: 'is_eu' },
    { from: 'is_eu', kind: 'true' as const, to: 'keep' },
    { from: 'keep', kind: 'next' as const, to: 'eu' },
    { from: 'is_eu', kind: 'false' as const, to: 'elsewhere' },
  ],
};

/** The vault's one configuration where runs are for no client. */
const ours = { name: 'Ours', clientName: '', region: 'eu', key: 'our-secret-key' };
/** The vault's configurations of two clients, one in the EU and one in the US, each with its key. */
const acmeAndGlobex = [
  { name: 'Acme vault', clientName: 'Acme', region: 'eu', key: 'acme-secret-key' },
  { name: 'Globex vault', clientName: 'Globex', region: 'us', key: 'globex-secret-key' },
];

/** The runbook "By region" (regionDraft); its id. */
async function createRegionRunbook(call: TypedApi['call']): Promise<string> {
  const { id } = await call('runbooks.create', { details: { name: 'By region' } });
  await call('runbooks.update', { id, draft: regionDraft });
  return id;
}

/** The echo API's method: GET /echo sending `key` (a template) as the query's `key`. */
const echoKeyMethod = (key: string, outputs: { name: string; expression: string }[] = []) => ({
  name: 'Echo key',
  httpMethod: 'GET' as const,
  path: '/echo',
  query: [{ key: 'key', value: key, isEnabled: true }],
  outputs,
});

/** An integration "Echo" at the echo API with one method, `definition`. */
async function createEcho(
  call: TypedApi['call'],
  definition: ReturnType<typeof echoKeyMethod>,
): Promise<{ echoId: string; methodId: string }> {
  const { id: echoId } = await call('integrations.create', { details: { name: 'Echo', category: 'Other' } });
  await call('integrations.updateDefinition', { id: echoId, definition: { baseUrl: echo.url } });
  const { id: methodId } = await call('methods.create', { integrationId: echoId, definition });
  return { echoId, methodId };
}

/** Everything the backend tells its windows, as text. */
function toldText(backend: Backend): () => string {
  const told: ApiEventMessage[] = [];
  backend.events.onDidEmit((message) => told.push(message));
  return () => JSON.stringify(told);
}

describe('{{config.…}} values in the steps of a runbook', () => {
  it('are read in a Condition, Set variables and an End, each client its own, secrets ••••', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const told = toldText(backend);
    await createVault(call, true, acmeAndGlobex);
    const runbookId = await createRegionRunbook(call);
    expect(await call('runbooks.validate', { id: runbookId })).toEqual({ issues: [] });

    const group = await backend.runGroups.settled(
      (await call('runGroups.start', { runbookId, clients: ['Acme', 'Globex'] })).id,
    );
    const runs = await Promise.all(group.members.map(({ runId }) => call('runs.get', { id: runId ?? '' })));
    expect(runs.map((run) => [run.clientName, run.status, run.message])).toEqual([
      ['Acme', 'succeeded', 'EU eu ••••'],
      ['Globex', 'succeeded', 'elsewhere us ••••'],
    ]);
    expect(runs[0]?.steps.find((step) => step.stepId === 'keep')?.outputs).toEqual({ key: '••••' });
    const recorded = JSON.stringify(runs) + told();
    expect(recorded).not.toContain('acme-secret-key');
    expect(recorded).not.toContain('globex-secret-key');
  });

  it('count the clients of the integrations they read among a runbook’s clients (“all”)', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    await createVault(call, true, acmeAndGlobex);
    const runbookId = await createRegionRunbook(call);
    expect(await call('runGroups.clients', { runbookId })).toEqual(['Acme', 'Globex']);
    const group = await backend.runGroups.settled(
      (await call('runGroups.start', { runbookId, clients: 'all' })).id,
    );
    expect(group.members.map((member) => [member.client, member.status])).toEqual([
      ['Acme', 'succeeded'],
      ['Globex', 'succeeded'],
    ]);
  });

  it('reads the primary configuration in a run for no client', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    await createVault(call, false, [ours]);
    const runbookId = await createRegionRunbook(call);
    const { runId } = await call('runs.start', { runbookId, inputs: {} });
    expect(await waitForRun(backend, runId)).toMatchObject({ status: 'succeeded', message: 'EU eu ••••' });
  });

  it('are read from credentials given to the command line, where the data folder has none', async () => {
    const backend = startBackend(undefined, undefined, {
      commandLine: {
        credentials: ({ name }) => (name === 'Vault' ? { region: 'eu', key: 'given-secret-key' } : undefined),
      },
    });
    const { call } = inProcessApi(backend);
    await createVault(call, false, []);
    const runbookId = await createRegionRunbook(call);
    const { runId } = await call('runs.start', { runbookId, inputs: {} });
    const run = await waitForRun(backend, runId);
    expect(run).toMatchObject({ status: 'succeeded', message: 'EU eu ••••' });
    expect(JSON.stringify(run)).not.toContain('given-secret-key');
  });

  it('fail only the step that reads a value the client has none of, saying why without a value', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const vaultId = await createVault(call, true, [
      { name: 'Acme vault', clientName: 'Acme', region: 'eu', key: 'acme-secret-key' },
    ]);
    // Initech's configuration has its region, not its key.
    await call('configurations.create', {
      integrationId: vaultId,
      name: 'Initech vault',
      clientName: 'Initech',
      values: { region: 'eu' },
    });
    const runbookId = await createRegionRunbook(call);
    const group = await backend.runGroups.settled(
      (await call('runGroups.start', { runbookId, clients: ['Acme', 'Hooli', 'Initech'] })).id,
    );
    const runs = await Promise.all(group.members.map(({ runId }) => call('runs.get', { id: runId ?? '' })));
    const failedStep = (run: (typeof runs)[number]) => run.steps.find((step) => step.status === 'failed');
    expect(runs.map((run) => [run.clientName, run.status, failedStep(run)?.stepId ?? null])).toEqual([
      ['Acme', 'succeeded', null],
      ['Hooli', 'failed', 'is_eu'],
      ['Initech', 'failed', 'keep'],
    ]);
    expect(failedStep(runs[1] as (typeof runs)[number])?.error).toBe(
      '{{config.vault.region}}: Hooli has no configuration of "Vault", an integration in client configuration mode: add one for Hooli.',
    );
    expect(failedStep(runs[2] as (typeof runs)[number])?.error).toBe(
      '{{config.vault.key}}: The configuration "Initech vault" of "Vault" has no value for "key".',
    );
  });

  it('reach a method step’s request, a child run and an approver masked, the API given the value', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const told = toldText(backend);
    await createVault(call, false, [ours]);
    const { echoId, methodId } = await createEcho(
      call,
      echoKeyMethod('{{key}}', [{ name: 'got', expression: '$.got' }]),
    );
    // The child sends the key, and hands it back as a variable.
    const { id: childId } = await call('runbooks.create', { details: { name: 'Send key' } });
    await call('runbooks.update', {
      id: childId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          {
            id: 'send',
            name: 'Send',
            type: 'method',
            methodId,
            arguments: { key: '{{config.vault.key}}' },
          },
          {
            id: 'keep',
            name: 'Keep',
            type: 'setVariables',
            assignments: [
              { name: 'sent', value: '{{steps.send.outputs.got}}' },
              { name: 'key', value: '{{config.vault.key}}' },
            ],
          },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'send' },
          { from: 'send', kind: 'success', to: 'keep' },
          { from: 'keep', kind: 'next', to: 'done' },
        ],
      },
    });
    const { id: runbookId } = await call('runbooks.create', { details: { name: 'Ask with key' } });
    await call('runbooks.update', {
      id: runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'child', name: 'Child', type: 'runRunbook', runbookId: childId },
          {
            id: 'ask',
            name: 'Ask',
            type: 'approval',
            // The key is read by the child alone: this run knows it only from the child's variables.
            message: 'Sent {{steps.child.outputs.key}} in {{config.vault.region}}?',
            timeoutMinutes: 60,
          },
          { id: 'yes', name: 'Yes', type: 'end' },
          { id: 'no', name: 'No', type: 'end', outcome: 'failed' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'child' },
          { from: 'child', kind: 'success', to: 'ask' },
          { from: 'ask', kind: 'approved', to: 'yes' },
          { from: 'ask', kind: 'rejected', to: 'no' },
          { from: 'ask', kind: 'timed_out', to: 'no' },
        ],
      },
    });
    expect(await call('runbooks.validate', { id: runbookId })).toEqual({ issues: [] });

    const { runId } = await call('runs.start', { runbookId, inputs: {} });
    let waiting: Awaited<ReturnType<typeof call<'approvals.list'>>> = [];
    for (let attempt = 0; attempt < 200 && waiting.length === 0; attempt += 1) {
      waiting = await call('approvals.list', { runId });
      if (waiting.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(waiting.map((approval) => approval.message)).toEqual(['Sent •••• in eu?']);
    await call('approvals.decide', { runId, decision: 'approved' });
    const run = await waitForRun(backend, runId);
    expect(run.status).toBe('succeeded');
    expect(received.at(-1)).toBe('key=our-secret-key');

    const childSeq = run.steps.find((step) => step.stepId === 'child')?.seq ?? 0;
    const childStep = await call('runs.step', { id: runId, seq: childSeq });
    expect(childStep.outputs).toEqual({ sent: '••••', key: '••••' });
    const childRunId = (childStep.response as { childRunId: string }).childRunId;
    const child = await call('runs.get', { id: childRunId });
    const recorded = JSON.stringify([
      run,
      await Promise.all(run.steps.map((step) => call('runs.step', { id: runId, seq: step.seq }))),
      child,
      await Promise.all(child.steps.map((step) => call('runs.step', { id: childRunId, seq: step.seq }))),
      await call('integrations.callLog', { id: echoId }),
      await call('approvals.list', {}),
    ]);
    expect(recorded).toContain('key=••••');
    expect(recorded).not.toContain('our-secret-key');
    expect(told()).not.toContain('our-secret-key');
  });

  it('are read in a dry run and shown masked in the debugger', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    await createVault(call, false, [ours]);
    const runbookId = await createRegionRunbook(call);
    const dry = await call('runs.start', { runbookId, inputs: {}, mode: 'dryRun' });
    expect(await waitForRun(backend, dry.runId)).toMatchObject({
      status: 'succeeded',
      message: 'EU eu ••••',
    });

    const paused = new Promise<void>((resolve) => {
      backend.events.onDidEmit((message) => {
        if (message.name === 'runs.debugChanged' && message.payload.pause !== null) resolve();
      });
    });
    const { runId } = await call('runs.start', { runbookId, inputs: {}, debug: { breakpoints: ['eu'] } });
    await paused;
    const context = await call('runs.debugContext', { id: runId });
    expect(context.fields).toEqual([
      { template: 'EU {{config.vault.region}} {{vars.key}}', value: 'EU eu ••••', error: null },
    ]);
    expect(JSON.stringify(context)).not.toContain('our-secret-key');
    await call('runs.debugContinue', { id: runId });
    expect(await waitForRun(backend, runId)).toMatchObject({ status: 'succeeded', message: 'EU eu ••••' });
  });

  it('are refused before a run when no integration has the prefix or its integration lacks the field', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const vaultId = await createVault(call, false, [ours]);
    const { id: runbookId } = await call('runbooks.create', { details: { name: 'By region' } });
    const misspelt = structuredClone(regionDraft);
    misspelt.steps[1] = {
      ...regionDraft.steps[1],
      rules: [{ left: '{{config.vualt.region}}', operator: 'equals', right: 'eu' }],
    } as (typeof misspelt.steps)[number];
    await call('runbooks.update', { id: runbookId, draft: misspelt });
    expect(await call('runbooks.validate', { id: runbookId })).toEqual({
      issues: [
        {
          stepId: 'is_eu',
          message:
            '{{config.vualt.region}}: No integration has the variable prefix "vualt" (set on its Connection tab).',
        },
      ],
    });
    await expect(call('runs.start', { runbookId, inputs: {} })).rejects.toThrow(
      'The runbook cannot run yet: {{config.vualt.region}}: No integration has the variable prefix "vualt"',
    );

    // Checked out once; then the vault's "region" field is taken away: the next run is refused.
    await call('runbooks.update', { id: runbookId, draft: regionDraft });
    const { runId } = await call('runs.start', { runbookId, inputs: {} });
    expect(await waitForRun(backend, runId)).toMatchObject({ status: 'succeeded' });
    await call('integrations.updateDefinition', {
      id: vaultId,
      definition: {
        protocol: 'secrets',
        variablePrefix: 'vault',
        customFields: [{ name: 'key', label: 'Key', type: 'password' }],
      },
    });
    await expect(call('runs.start', { runbookId, inputs: {} })).rejects.toThrow(
      'The runbook cannot run yet: {{config.vault.region}}: "Vault" has no field "region"; its fields are "key". (and 2 more)',
    );
  });

  it('are refused before a run when a step’s method reads one no integration answers', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    await createVault(call, false, [ours]);
    const { methodId } = await createEcho(call, echoKeyMethod('{{config.vault.kye}}'));
    const { id: runbookId } = await call('runbooks.create', { details: { name: 'Echo' } });
    await call('runbooks.update', {
      id: runbookId,
      draft: oneStepDraft({ id: 'send', name: 'Send', type: 'method', methodId }),
    });
    expect(await call('runbooks.validate', { id: runbookId })).toEqual({
      issues: [
        {
          stepId: 'send',
          message:
            'Its method\'s request reads {{config.vault.kye}}: "Vault" has no field "kye"; its fields are "region", "key".',
        },
      ],
    });
    await expect(call('runs.start', { runbookId, inputs: {} })).rejects.toThrow('{{config.vault.kye}}');
    // The method put right: the runbook checks out again and runs.
    await call('methods.update', { id: methodId, definition: echoKeyMethod('{{config.vault.key}}') });
    const { runId } = await call('runs.start', { runbookId, inputs: {} });
    expect(await waitForRun(backend, runId)).toMatchObject({ status: 'succeeded' });
    expect(received.at(-1)).toBe('key=our-secret-key');
  });
});
