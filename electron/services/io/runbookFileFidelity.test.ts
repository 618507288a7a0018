/**
 * A runbook file between two data directories, with everything a runbook and its integrations
 * can hold: every step type with every setting, inputs of every type, the Start step's webhook and
 * schedule, a sub-runbook, an approval's Notify request, test cases and positions; integrations of
 * every authorization type, with every behaviour setting and a method with every part. Exported,
 * imported into a fresh data directory and exported again, it gives the same file, carries no
 * secret, validates, and runs there as it ran here against a local API.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../../shared/api/contract';
import { authTypeDescriptorOf, authTypes, type AuthSettings } from '../../../shared/auth/authTypeRegistry';
import { isSecretField } from '../../../shared/auth/authTypeDescriptor';
import { stepTypeNames } from '../../../shared/runbook/stepTypes';
import { listenOnLoopback, type LocalServer } from '../http/authorizers/testSupport/localServer';
import {
  startOAuth2TestIssuer,
  type OAuth2TestIssuer,
} from '../http/authorizers/testSupport/oauth2TestIssuer';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Backend = ReturnType<typeof startBackend>;
const call = <K extends CallName>(backend: Backend, name: K, input: CallInput<K>) =>
  inProcessApi(backend).call(name, input);

/** Every secret and configuration value given here contains this, so a file holding one shows. */
const marker = 'NEVER-IN-A-FILE';

let api: LocalServer;
let issuer: OAuth2TestIssuer;
beforeAll(async () => {
  // Answers every request with the same ticket list, whatever its authorization.
  api = await listenOnLoopback(
    http.createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ title: 'stale ticket', ids: ['t1', 't2'] }));
    }),
  );
  issuer = await startOAuth2TestIssuer();
}, 30_000);
afterAll(async () => {
  await api.close();
  await issuer.stop();
});

/** Settings of each authorization type, none of them the defaults. */
function settingsOf(type: (typeof authTypes)[number]): AuthSettings {
  const byType: Record<string, AuthSettings> = {
    none: { type: 'none' },
    apiKey: { type: 'apiKey', name: 'api_key', placement: 'query' },
    bearer: { type: 'bearer' },
    basic: { type: 'basic' },
    oauth2: {
      type: 'oauth2',
      grantType: 'client_credentials',
      tokenUrl: issuer.tokenUrl,
      authorizeUrl: 'https://login.example/authorize',
      scope: 'tickets.read tickets.write',
      audience: 'https://tickets.example',
      clientAuthentication: 'body',
      defaultExpirySeconds: 600,
    },
    jwtAssertion: {
      type: 'jwtAssertion',
      algorithm: 'PS256',
      keyFormat: 'pfx',
      issuer: 'runbooks',
      subject: 'svc-runbooks',
      audience: 'https://idp.example',
      extraClaims: { tenant: 'acme', roles: ['a', 'b'] },
      lifetimeSeconds: 120,
      tokenUrl: 'https://idp.example/token',
      scope: 'all',
      exchangeFormat: 'json',
      defaultExpirySeconds: 60,
    },
    hmacBody: {
      type: 'hmacBody',
      algorithm: 'sha512',
      headerName: 'X-Body-Signature',
      encoding: 'base64',
      prefix: 'v1=',
      timestamp: { isEnabled: true, headerName: 'X-Sent-At', separator: ':' },
    },
    x509Body: { type: 'x509Body', headerName: 'X-Cert-Signature', encoding: 'hex' },
    mtls: { type: 'mtls', certificateFormat: 'pfx' },
  };
  const settings = byType[type];
  if (settings === undefined) {
    throw new Error(
      `No test settings for the authorization type ${type}: add them to settingsOf() here (not its defaults), and the type to runnableTypes or unrunTypes (shared/auth/README.md)`,
    );
  }
  return settings;
}

/** A configuration of the authorization's type with a value in every credential field, each holding the marker. */
function credentialsFor(settings: AuthSettings) {
  const fields = authTypeDescriptorOf(settings.type).credentialFields;
  const secrets = Object.fromEntries(
    fields.filter(isSecretField).map((field) => [field.name, `${marker}-${field.name}`]),
  );
  const values = Object.fromEntries(
    fields.filter((field) => !isSecretField(field)).map((field) => [field.name, `${marker}-${field.name}`]),
  );
  // The OAuth issuer hands a token to any client; the values only need to be there.
  return { secrets, values };
}

/** An integration per authorization type, each with a method carrying every part a method has. */
async function addIntegrations(backend: Backend, withCredentials: boolean) {
  const methodIds = new Map<string, string>();
  for (const [index, type] of authTypes.entries()) {
    const settings = settingsOf(type);
    const { id: integrationId } = await call(backend, 'integrations.create', {
      details: {
        name: `API ${type}`,
        category: index % 2 === 0 ? 'PSA' : 'Homegrown',
        description: `Reached with ${type}`,
        versionLabel: 'v2',
      },
    });
    await call(backend, 'integrations.updateDefinition', {
      id: integrationId,
      definition: {
        protocol: 'rest',
        baseUrlMode: index % 2 === 0 ? 'fixed' : 'per_configuration',
        baseUrl: api.url,
        auth: settings,
        behaviour: {
          retry: { isEnabled: false, maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 1_000 },
          throttle: { isEnabled: true, maxTotalWaitMs: 5_000 },
          proxy: { isEnabled: false, url: 'http://proxy.internal:3128', caCertificate: '' },
          rateLimits: { requestsPerSecond: 50, requestsPerMinute: null, concurrentRequests: 4 },
        },
        isClientMode: type === 'bearer',
        variablePrefix: `p_${type.toLowerCase()}`,
        customFields: [],
      },
      proxyPassword: `${marker}-proxy`,
    });
    if (withCredentials) {
      const { secrets, values } = credentialsFor(settings);
      await call(backend, 'configurations.create', {
        integrationId,
        name: 'Prod',
        clientName: type === 'bearer' ? 'Acme' : '',
        baseUrl: api.url,
        secrets,
        values,
      });
    }
    const { id } = await call(backend, 'methods.create', {
      integrationId,
      definition: {
        name: 'List tickets',
        description: 'Every open ticket',
        httpMethod: 'POST',
        path: '/tickets/{{queue}}',
        query: [
          { key: 'state', value: 'open', description: 'only open', isEnabled: true },
          { key: 'debug', value: '1', description: '', isEnabled: false },
        ],
        headers: [
          { key: 'X-Queue', value: '{{queue}}', description: 'routing', isEnabled: true },
          { key: 'X-Region', value: '{{config.vault.region}}', description: '', isEnabled: true },
          { key: 'X-Vault', value: '{{config.vault.password}}', description: '', isEnabled: true },
        ],
        body: { kind: 'json', text: '{"queue": "{{queue}}"}' },
        authorization: type === 'none' ? { mode: 'none' } : { mode: 'inherit' },
        timeoutMs: 5_000,
        isRetrySafe: true,
        isDryRunSafe: true,
        exampleResponse: { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' },
        outputs: [
          { name: 'title', expression: 'response^title!' },
          { name: 'ids', expression: '$.ids' },
        ],
      },
      confirmTypedCredential: true,
    });
    methodIds.set(type, id);
  }
  // A Secrets-only integration whose fields the runbook reads as {{config.vault.*}}.
  const { id: vaultId } = await call(backend, 'integrations.create', {
    details: { name: 'Vault', category: 'Security' },
  });
  await call(backend, 'integrations.updateDefinition', {
    id: vaultId,
    definition: {
      protocol: 'secrets',
      variablePrefix: 'vault',
      customFields: [
        { name: 'region', label: 'Region', type: 'text' },
        { name: 'password', label: 'Password', type: 'password' },
        { name: 'portal', label: 'Portal', type: 'url' },
      ],
    },
  });
  if (withCredentials)
    await call(backend, 'configurations.create', {
      integrationId: vaultId,
      name: 'Prod',
      values: { region: 'eu', portal: 'https://portal.example' },
      secrets: { password: `${marker}-vault` },
    });
  return methodIds;
}

const runnableTypes = ['none', 'apiKey', 'bearer', 'basic', 'oauth2', 'hmacBody'] as const;
const unrunTypes = ['jwtAssertion', 'x509Body', 'mtls'] as const;
const methodStepId = (type: string) => `m_${type.toLowerCase()}`;

/** The method steps of these types one after the other, then `then`; each in another configuration mode. */
function methodChain(
  types: readonly string[],
  methodIds: Map<string, string>,
  configurationIds: Map<string, string>,
  then: string,
) {
  const steps = types.map((type, index) => ({
    id: methodStepId(type),
    name: `Tickets by ${type}`,
    type: 'method' as const,
    methodId: methodIds.get(type) ?? '',
    configuration:
      type === 'bearer'
        ? { mode: 'client' as const }
        : index % 2 === 0
          ? { mode: 'named' as const, configurationId: configurationIds.get(type) ?? '' }
          : { mode: 'primary' as const },
    arguments: { queue: '{{inputs.queue}}' },
    ...(index === 1 ? { timeoutSeconds: 20 } : {}),
  }));
  const edges = types.map((type, index) => ({
    from: methodStepId(type),
    kind: 'success' as const,
    to: index + 1 < types.length ? methodStepId(types[index + 1] ?? '') : then,
  }));
  return { steps, edges };
}

/** The configuration named "Prod" of each integration, by authorization type. */
async function prodConfigurations(backend: Backend): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const integration of (await call(backend, 'integrations.list', {})).items) {
    const configurations = await call(backend, 'configurations.list', { integrationId: integration.id });
    const prod = configurations.find((configuration) => configuration.name === 'Prod');
    if (prod !== undefined) ids.set(integration.name.replace(/^API /, ''), prod.id);
  }
  return ids;
}

/** The runbook using every step type with every setting, and the runbook its Run runbook step starts. */
async function author(backend: Backend, methodIds: Map<string, string>) {
  const configurationIds = await prodConfigurations(backend);
  const { id: childId } = await call(backend, 'runbooks.create', {
    details: { name: 'Notify desk', description: 'Says which ticket', category: 'Helpers', tags: ['child'] },
  });
  await call(backend, 'runbooks.update', {
    id: childId,
    draft: {
      inputs: [{ name: 'title', type: 'string', isRequired: true, description: 'What to say' }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'said', name: 'Said', type: 'end', outcome: 'succeeded', message: 'Said {{inputs.title}}' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'said' }],
      positions: { start: { x: 10, y: 20 }, said: { x: 10.5, y: 160 } },
    },
  });
  const { id: runbookId } = await call(backend, 'runbooks.create', {
    details: {
      name: 'Sweep tickets',
      description: 'Closes what is stale.\nTwice a day.',
      category: 'Nightly',
      tags: ['psa', 'cleanup'],
    },
  });
  const ran = methodChain(runnableTypes, methodIds, configurationIds, 'each');
  const unrun = methodChain(unrunTypes, methodIds, configurationIds, 'refused');
  await call(backend, 'runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [
        { name: 'queue', type: 'string', isRequired: true, defaultValue: 'main', description: 'Which queue' },
        { name: 'limit', type: 'number', isRequired: false, defaultValue: '2', description: '' },
        {
          name: 'dryRun',
          type: 'boolean',
          isRequired: false,
          defaultValue: 'false',
          description: 'Say only',
        },
        { name: 'extra', type: 'json', isRequired: false, defaultValue: '{"a": [1, 2]}', description: '' },
      ],
      steps: [
        {
          id: 'start',
          name: 'Start',
          type: 'start',
          webhook: {
            isEnabled: true,
            authentication: 'basic',
            username: 'hook-user',
            signatureHeader: 'X-Sig',
            signaturePrefix: 'sha1=',
            inputMapping: [{ input: 'queue', path: '$.queue.name' }],
          },
          schedule: {
            isEnabled: true,
            expression: '0 0 1 1 *',
            timeZone: 'Europe/Paris',
            isPaused: true,
            clients: ['Acme'],
            clientConcurrency: 2,
          },
        },
        {
          id: 'pick',
          name: 'Main queue?',
          type: 'condition',
          combine: 'any',
          rules: [
            { left: '{{inputs.queue}}', operator: 'equals', right: 'main' },
            { left: '{{inputs.queue}}', operator: 'notEquals', right: 'side' },
            { left: '{{inputs.limit}}', operator: 'greaterThan', right: '1' },
            { left: '{{inputs.limit}}', operator: 'lessThan', right: '10' },
            { left: '{{inputs.queue}}', operator: 'contains', right: 'ai' },
            { left: '{{inputs.queue}}', operator: 'matches', right: '^m.*n$' },
            { left: '{{inputs.extra}}', operator: 'isEmpty', right: '' },
            { left: '{{inputs.queue}}', operator: 'exists', right: '' },
          ],
        },
        ...ran.steps,
        ...unrun.steps,
        {
          id: 'each',
          name: 'Each ticket',
          type: 'forEach',
          items: '{{steps.m_none.outputs.ids}}',
          itemVariable: 'ticket',
        },
        {
          id: 'note',
          name: 'Note',
          type: 'setVariables',
          assignments: [
            { name: 'last', value: '{{ticket}}' },
            { name: 'seen', value: 'yes' },
          ],
        },
        { id: 'wait', name: 'Wait', type: 'delay', seconds: '0', timeoutSeconds: 5 },
        {
          id: 'tell',
          name: 'Tell',
          type: 'runRunbook',
          runbookId: childId,
          inputs: { title: '{{vars.last}}' },
          timeoutSeconds: 60,
        },
        {
          id: 'route',
          name: 'Route',
          type: 'switch',
          value: '{{vars.last}}',
          cases: [
            { id: 'c1', equals: 't2' },
            { id: 'c7', equals: '{{inputs.queue}}' },
          ],
        },
        {
          id: 'ask',
          name: 'Ask',
          type: 'approval',
          message: 'Close {{vars.last}}?',
          timeoutMinutes: 90,
          approvers: 'Service desk',
          instructions: 'Check the ticket first.',
          notify: {
            methodId: methodIds.get('apiKey') ?? '',
            configuration: { mode: 'named', configurationId: configurationIds.get('apiKey') ?? '' },
            arguments: { queue: '{{approval.link}}' },
            onFailure: 'wait',
          },
        },
        {
          id: 'done',
          name: 'Done',
          type: 'end',
          outcome: 'succeeded',
          message: 'Closed {{vars.last}} ({{steps.m_oauth2.outputs.title}})',
        },
        { id: 'refused', name: 'Refused', type: 'end', outcome: 'failed', message: 'Not closed' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'pick' },
        { from: 'pick', kind: 'true', to: methodStepId(runnableTypes[0]) },
        { from: 'pick', kind: 'false', to: methodStepId(unrunTypes[0]) },
        ...ran.edges,
        ...unrun.edges,
        { from: methodStepId('none'), kind: 'failure', to: 'refused' },
        { from: 'each', kind: 'body', to: 'note' },
        { from: 'note', kind: 'next', to: 'each' },
        { from: 'each', kind: 'done', to: 'wait' },
        { from: 'wait', kind: 'next', to: 'tell' },
        { from: 'tell', kind: 'success', to: 'route' },
        { from: 'tell', kind: 'failure', to: 'refused' },
        { from: 'route', kind: 'case_c1', to: 'done' },
        { from: 'route', kind: 'case_c7', to: 'ask' },
        { from: 'route', kind: 'default', to: 'refused' },
        { from: 'ask', kind: 'approved', to: 'done' },
        { from: 'ask', kind: 'rejected', to: 'refused' },
        { from: 'ask', kind: 'timed_out', to: 'refused' },
      ],
      positions: { start: { x: 0, y: 0 }, pick: { x: -12.25, y: 140 }, done: { x: 480, y: 1_260 } },
    },
  });
  await call(backend, 'runbooks.setTriggerSecret', { id: runbookId, secret: `${marker}-webhook` });
  return runbookId;
}

/** Each step's record as a run gives it, without what differs between two runs (times, ids). */
async function runOf(backend: Backend, runbookId: string) {
  const { runId } = await call(backend, 'runs.start', {
    runbookId,
    inputs: { queue: 'main' },
    client: 'Acme',
  });
  const run = await waitForRun(backend, runId, 20);
  return {
    runId,
    status: run.status,
    error: run.error,
    steps: run.steps.map((step) => [step.stepId, step.status, step.outputs]),
    errors: run.steps.map((step) => step.error),
  };
}

describe('a runbook file with everything in it', () => {
  it('exports, imports into a fresh data directory and exports the same file, with no secret, running the same', async () => {
    const mine = startBackend();
    const runbookId = await author(mine, await addIntegrations(mine, true));
    expect((await call(mine, 'runbooks.validate', { id: runbookId })).issues).toEqual([]);
    const ranHere = await runOf(mine, runbookId);
    expect(ranHere, JSON.stringify(ranHere, null, 1)).toMatchObject({ status: 'succeeded' });
    await call(mine, 'testCases.saveFromRun', { runId: ranHere.runId, name: 'Main queue' });
    const { content } = await call(mine, 'runbooks.export', { id: runbookId });
    const file = JSON.parse(content) as { runbook: { steps: { type: string }[] }; testCases?: unknown[] };
    expect(
      new Set(file.runbook.steps.map((step) => step.type)),
      'the runbook here has a step of every type with every setting: add the new type to author(), where the run goes',
    ).toEqual(new Set(stepTypeNames));
    expect(file.testCases).toHaveLength(1);
    expect(content).not.toContain(marker);

    // A fresh data directory: everything is created, without credentials.
    const theirs = startBackend();
    const plan = await call(theirs, 'runbooks.previewImport', { content });
    expect(plan.integrations.every((integration) => integration.action === 'create')).toBe(true);
    // The vault the methods' {{config.vault.region}} reads comes too, and is said to need values.
    expect(plan.integrations).toContainEqual({ name: 'Vault', action: 'create', methods: [] });
    expect(plan.notes).toContain('Add a configuration with credentials to "Vault" before running.');
    const imported = await call(theirs, 'runbooks.import', { content });
    // Their own credentials, under the same names; the draft imported again finds "Prod".
    for (const integration of (await call(theirs, 'integrations.list', {})).items) {
      const definition = await call(theirs, 'integrations.definition', { id: integration.id });
      const { secrets, values } =
        definition.protocol === 'secrets'
          ? { secrets: { password: 'theirs' }, values: { region: 'eu', portal: 'https://portal.example' } }
          : credentialsFor(definition.auth);
      await call(theirs, 'configurations.create', {
        integrationId: integration.id,
        name: 'Prod',
        clientName: definition.isClientMode ? 'Acme' : '',
        baseUrl: api.url,
        secrets,
        values,
      });
    }
    const again = await call(theirs, 'runbooks.import', { content, mode: 'replaceDraft' });
    expect(again.runbookId).toBe(imported.runbookId);
    expect((await call(theirs, 'runbooks.validate', { id: imported.runbookId })).issues).toEqual([]);
    const exportedThere = await call(theirs, 'runbooks.export', { id: imported.runbookId });
    expect(exportedThere.content).toBe(content);

    const ranThere = await runOf(theirs, imported.runbookId);
    expect(ranThere.errors).toEqual(ranHere.errors);
    expect(ranThere.steps).toEqual(ranHere.steps);
    expect(ranThere.status).toBe(ranHere.status);
    const [result] = await call(theirs, 'testCases.run', { runbookId: imported.runbookId });
    expect(result).toMatchObject({ name: 'Main queue', isPassed: true, failures: [] });
  });
});
