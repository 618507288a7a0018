import { describe, expect, it } from 'vitest';
import { startBackend } from '../testSupport/temporaryBackend';
import type { AppError } from '../../../shared/api/appError';
import type { Handlers } from './dispatcher';
import { createDispatcher } from './dispatcher';
import { inProcessApi } from '../testSupport/typedApi';

const handlers = {
  'settings.get': () => ({ theme: 'dark', webhookHost: '127.0.0.1', webhookPort: 0, secret: 'leak' }),
  'integrations.get': () => ({ nonsense: true }),
  'runs.start': () => ({ runId: 'run1' }),
  'runs.list': (filter: unknown) => {
    listed.push(filter);
    return [];
  },
  'integrations.updateDefinition': ({ definition }: { definition: unknown }) => definition,
} as unknown as Handlers;

const listed: unknown[] = [];

/** An object `levels` deep: {a: {a: … 1}}. */
const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < levels; level += 1) value = { a: value };
  return value;
};

const jwtWithClaims = (claims: Record<string, unknown>) => ({
  baseUrl: 'https://api.example.com',
  auth: {
    type: 'jwtAssertion',
    algorithm: 'HS256',
    keyFormat: 'secret',
    tokenUrl: 'https://api.example.com/token',
    extraClaims: claims,
  },
});

describe('dispatcher', () => {
  const logged: string[] = [];
  const dispatch = createDispatcher(handlers, (line) => logged.push(line));

  it('tells a call going when the backend closed that it was cut short, not an internal error', async () => {
    let isClosed = false;
    const cutShort = createDispatcher(
      {
        ...handlers,
        'runs.start': async () => {
          await new Promise((resolve) => setTimeout(resolve, 0));
          throw new TypeError('The database connection is not open');
        },
      } as unknown as Handlers,
      () => undefined,
      () => isClosed,
    );
    const going = cutShort('runs.start', { runbookId: 'r1', inputs: {} });
    isClosed = true;
    await expect(going).rejects.toMatchObject({
      code: 'busy',
      message: expect.stringContaining('The app closed before this call finished') as unknown,
    });
    // Its own refusals pass as they are.
    await expect(cutShort('runs.start', {})).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('refuses an unknown call', async () => {
    await expect(dispatch('settings.explode', {})).rejects.toMatchObject({ code: 'unknown_call' });
  });

  it('quotes at most a short, readable part of an unknown call name', async () => {
    const error = (await dispatch(`x\n\u001b[2K${'n'.repeat(3_000)}`, {}).catch(
      (thrown: unknown) => thrown,
    )) as AppError;
    expect(error.code).toBe('unknown_call');
    expect(error.message).toMatch(
      /^There is no call named "x\\u000A\\u001B\[2Knnn+…"\. GET \/api lists them\.$/,
    );
    expect(error.message.length).toBeLessThan(150);
  });

  it('refuses a call whose name is inherited from Object', async () => {
    await expect(dispatch('constructor', {})).rejects.toMatchObject({ code: 'unknown_call' });
  });

  it('names the field of invalid input before the handler runs', async () => {
    await expect(dispatch('integrations.get', { id: 'not an id!' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'id',
      message: 'id: Not a valid id',
    });
  });

  it('words a size the contract refuses without a message of its own, after its field', async () => {
    await expect(
      dispatch('methods.create', {
        integrationId: 'x',
        definition: { name: 'Get', httpMethod: 'GET', path: `/${'a'.repeat(5_000)}` },
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'definition.path',
      message: 'definition.path: At most 5000 characters.',
    });
  });

  it('refuses a run id in capitals: the same UUID in lower case would be a second run', async () => {
    const runId = '01a23f17-e4e1-7aa3-9bc8-930103268434';
    await expect(
      dispatch('runs.start', { runbookId: 'rb', runId: runId.toUpperCase() }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'runId',
      message: 'runId: A run id must be a new UUID, written in lower case',
    });
  });

  it('names a nested field of invalid input, such as details.name', async () => {
    await expect(
      dispatch('integrations.create', { details: { name: '   ', category: 'PSA' } }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'details.name',
      message: 'details.name: Name is required',
    });
  });

  it('refuses text holding half of a surrogate pair, naming the field, before the handler runs', async () => {
    await expect(
      dispatch('integrations.create', { details: { name: 'fuzz\ud800', category: 'PSA' } }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'details.name',
      message: expect.stringContaining('lone UTF-16 surrogate') as unknown,
    });
  });

  it('refuses input that is not an object', async () => {
    await expect(dispatch('integrations.get', 'abc')).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('strips what the contract does not list from an answer', async () => {
    expect(await dispatch('settings.get', {})).toEqual({
      theme: 'dark',
      webhookHost: '127.0.0.1',
      webhookPort: 0,
    });
  });

  it('turns an answer that breaks the contract into an internal error, logged', async () => {
    await expect(dispatch('integrations.get', { id: 'abc' })).rejects.toMatchObject({ code: 'internal' });
    expect(logged.some((line) => line.includes('integrations.get'))).toBe(true);
  });

  it('refuses run inputs nested 5,000 deep, naming the input, before the handler runs', async () => {
    await expect(
      dispatch('runs.start', { runbookId: 'rb1', inputs: { data: nested(5_000) } }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'inputs.data',
      message: expect.stringMatching(/^inputs\.data: The value nests deeper than 64 levels/) as unknown,
    });
  });

  it('accepts run inputs nested 64 deep', async () => {
    expect(await dispatch('runs.start', { runbookId: 'rb1', inputs: { data: nested(63) } })).toEqual({
      runId: 'run1',
    });
  });

  it('refuses JWT extra claims nested 5,000 deep, naming the claim', async () => {
    await expect(
      dispatch('integrations.updateDefinition', {
        id: 'i1',
        definition: jwtWithClaims({ deep: nested(5_000) }),
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'definition.auth.extraClaims.deep' });
  });

  it('writes control characters in a key it names as \\uXXXX, in the message and the field', async () => {
    const error = (await dispatch('runs.start', {
      runbookId: 'rb1',
      inputs: { '\nFAKE\u001b[2K': nested(5_000) },
    }).catch((thrown: unknown) => thrown)) as AppError;
    expect(error).toMatchObject({ code: 'invalid_input', field: 'inputs.\\u000AFAKE\\u001B[2K' });
    expect(error.message).toMatch(/^inputs\.\\u000AFAKE\\u001B\[2K: The value nests/);
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain('\u001b');
  });

  it('turns the runs filter from/to into the UTC form runs are stored in', async () => {
    await dispatch('runs.list', { from: '2024-05-01T10:00:00+02:00', to: '2024-05-02' });
    expect(listed.at(-1)).toMatchObject({ from: '2024-05-01T08:00:00.000Z', to: '2024-05-02T00:00:00.000Z' });
  });

  const megabyte = 'x'.repeat(1024 * 1024);
  const manyEntries = (count: number, value: unknown = 'v') =>
    Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${String(index)}`, value]));
  const steps = (step: Record<string, unknown>) => ({
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'ask', name: 'Ask', ...step },
    ],
  });
  it.each([
    ['runs.list', { from: megabyte }, 'from'],
    ['runs.list', { to: '2024-05-01T10:00:00' }, 'to'],
    ['runs.list', { from: 'yesterday' }, 'from'],
    ['runs.list', { from: '2024-13-45' }, 'from'],
    ['runbooks.import', { content: 'x'.repeat(4 * 1024 * 1024 + 1) }, 'content'],
    ['integrations.previewImport', { content: 'x'.repeat(4 * 1024 * 1024 + 1) }, 'content'],
    [
      'methods.test',
      { integrationId: 'i1', definition: { name: 'M', httpMethod: 'GET' }, variables: manyEntries(501) },
      'variables',
    ],
    [
      'methods.test',
      { integrationId: 'i1', definition: { name: 'M', httpMethod: 'GET' }, variables: { [megabyte]: 'v' } },
      `variables.${'x'.repeat(60)}…`,
    ],
    ['configurations.create', { integrationId: 'i1', name: 'Main', values: manyEntries(201) }, 'values'],
    ['configurations.update', { id: 'c1', secrets: manyEntries(201) }, 'secrets'],
    [
      'runbooks.update',
      { id: 'r1', draft: { positions: manyEntries(10_001, { x: 0, y: 0 }) } },
      'draft.positions',
    ],
    [
      'runbooks.update',
      { id: 'r1', draft: steps({ type: 'method', methodId: 'm1', arguments: manyEntries(501) }) },
      'draft.steps.1.arguments',
    ],
    [
      'runbooks.update',
      { id: 'r1', draft: steps({ type: 'method', methodId: megabyte }) },
      'draft.steps.1.methodId',
    ],
    [
      'runbooks.update',
      { id: 'r1', draft: steps({ type: 'runRunbook', runbookId: megabyte }) },
      'draft.steps.1.runbookId',
    ],
    [
      'integrations.updateDefinition',
      {
        id: 'i1',
        definition: {
          auth: { type: 'oauth2', grantType: 'client_credentials', tokenUrl: `https://${megabyte}` },
        },
      },
      'definition.auth.tokenUrl',
    ],
    [
      'integrations.updateDefinition',
      { id: 'i1', definition: { auth: { type: 'hmacBody', headerName: megabyte } } },
      'definition.auth.headerName',
    ],
    ['runs.start', { runbookId: 'rb1', inputs: manyEntries(1_001) }, 'inputs'],
    // A run keeps its inputs: 50 MB was stored whole. 1 MB, as a webhook body.
    ['runs.start', { runbookId: 'rb1', inputs: { note: 'n', data: `${megabyte}x` } }, 'inputs.data'],
    [
      'runGroups.start',
      { runbookId: 'rb1', clients: 'all', inputs: { data: `${megabyte}x` } },
      'inputs.data',
    ],
  ])('refuses %s with a value out of bounds at its field (case %#)', async (name, input, field) => {
    await expect(dispatch(name, input)).rejects.toMatchObject({ code: 'invalid_input', field });
  });
});

describe('dispatcher over a real backend', () => {
  // SQLite stored the name as bytes that read back as "fuzz\ufffd\ufffd\ufffd": the service's check
  // saw no such name, and the second create met the UNIQUE index (500).
  it('refuses a configuration name with a lone surrogate instead of failing in the database', async () => {
    const backend = startBackend();
    const { id: integrationId } = await inProcessApi(backend).call('integrations.create', {
      details: { name: 'Halo', category: 'PSA' },
    });
    const create = (name: string) => backend.dispatch('configurations.create', { integrationId, name });
    await expect(create('fuzz\ud800')).rejects.toMatchObject({ code: 'invalid_input', field: 'name' });
    await expect(create('fuzz\ud800')).rejects.toMatchObject({ code: 'invalid_input', field: 'name' });
  });
});
