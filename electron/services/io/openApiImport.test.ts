import { describe, expect, it } from 'vitest';
import { previewOpenApi } from './openApiImport';
import { hugeExample, refBomb, yamlAliasBomb } from './testSupport/hostileDocuments';

const openApi3Yaml = `
openapi: 3.0.3
info: { title: Tickets API, version: "2.1" }
servers:
  - url: https://{tenant}.example.com/api/v2
    variables: { tenant: { default: acme } }
paths:
  /tickets/{id}:
    parameters:
      - { name: id, in: path, required: true, schema: { type: integer } }
    get:
      operationId: getTicket
      summary: Get a ticket
      parameters:
        - { name: expand, in: query, schema: { type: string, default: notes } }
        - { name: X-Trace, in: header, schema: { type: string } }
      responses: { "200": { description: ok } }
    patch:
      summary: Update a ticket
      requestBody:
        content:
          application/json:
            schema: { $ref: "#/components/schemas/TicketUpdate" }
      responses: { "200": { description: ok } }
components:
  schemas:
    TicketUpdate:
      type: object
      properties:
        status: { type: string, enum: [open, closed] }
        priority: { type: integer }
        tags: { type: array, items: { type: string } }
`;

const swagger2 = {
  swagger: '2.0',
  info: { title: 'Legacy', version: '1' },
  host: 'legacy.example.com',
  basePath: '/v1',
  schemes: ['https'],
  paths: {
    '/users': {
      post: {
        operationId: 'createUser',
        parameters: [{ name: 'body', in: 'body', schema: { $ref: '#/definitions/User' } }],
        responses: { 200: { description: 'ok' } },
      },
    },
  },
  definitions: { User: { type: 'object', properties: { email: { type: 'string', format: 'email' } } } },
};

describe('previewOpenApi', () => {
  it('reads an OpenAPI 3 YAML document: server URL, parameters, $ref bodies', async () => {
    const preview = await previewOpenApi(openApi3Yaml);
    expect(preview).toMatchObject({
      title: 'Tickets API',
      version: '2.1',
      baseUrl: 'https://acme.example.com/api/v2',
    });
    expect(preview.operations.map((operation) => operation.key)).toEqual([
      'GET /tickets/{id}',
      'PATCH /tickets/{id}',
    ]);
    const [get, patch] = preview.operations;
    // Named by the summary; the operationId is the name only where there is no summary (below).
    expect(get?.definition).toMatchObject({
      name: 'Get a ticket',
      path: '/tickets/{id}',
      query: [{ key: 'expand', value: 'notes', isEnabled: false }],
      headers: [{ key: 'X-Trace', value: '{{X-Trace}}' }],
    });
    expect(patch?.definition.name).toBe('Update a ticket');
    expect(patch?.definition.body.kind).toBe('json');
    expect(JSON.parse(patch?.definition.body.kind === 'json' ? patch.definition.body.text : '')).toEqual({
      status: 'open',
      priority: 0,
      tags: ['string'],
    });
  });

  it('offers the server address without a user name or password written into it', async () => {
    const withPassword = openApi3Yaml.replace(
      'https://{tenant}.example.com/api/v2',
      'https://ada:s3cret@{tenant}.example.com/api/v2',
    );
    const preview = await previewOpenApi(withPassword);
    expect(preview.baseUrl).toBe('https://acme.example.com/api/v2');
    expect(JSON.stringify(preview)).not.toContain('s3cret');
  });

  it('reads a Swagger 2.0 JSON document with a body parameter', async () => {
    const preview = await previewOpenApi(JSON.stringify(swagger2));
    expect(preview.baseUrl).toBe('https://legacy.example.com/v1');
    expect(preview.operations[0]?.definition).toMatchObject({
      name: 'createUser',
      httpMethod: 'POST',
      path: '/users',
    });
    const body = preview.operations[0]?.definition.body;
    expect(body?.kind === 'json' ? JSON.parse(body.text) : null).toEqual({ email: 'user@example.com' });
  });

  it.each([
    [
      'JSON with a token where a value goes',
      '{"openapi": "3.0.0",\n "x-key": Bearer sk-live-4f9a2c}',
      "The document is neither JSON nor YAML: as JSON, Unexpected token 'B' (line 2, column 11).",
    ],
    [
      'YAML naming a token as an alias',
      'openapi: 3.0.0\nx-key: *sk-live-4f9a2c',
      'The document is neither JSON nor YAML: as YAML, unidentified alias (line 2, column 9).',
    ],
    [
      'YAML naming a token as a tag',
      'openapi: !<tag:sk-live-4f9a2c> 3.0.0',
      'The document is neither JSON nor YAML: as YAML, unknown scalar tag (line 1, column 10).',
    ],
  ])('refuses %s saying what is wrong and where, without quoting it', async (_, source, message) => {
    await expect(previewOpenApi(source)).rejects.toMatchObject({
      code: 'invalid_input',
      message,
      field: 'source',
    });
  });

  it.each([
    ['text that is no document', 'hello: [', /neither JSON nor YAML/],
    ['JSON that is not OpenAPI', '{"name": "x"}', /not an OpenAPI 3.x or Swagger 2.0 document/],
    [
      'an invalid OpenAPI document',
      '{"openapi": "3.0.0", "info": {}, "paths": {"/x": {"get": {"responses": 5}}}}',
      /not valid/,
    ],
  ])('refuses %s with a clear message', async (_, source, message) => {
    await expect(previewOpenApi(source)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(message),
    });
  });

  it('never follows a $ref to a file or an address', async () => {
    const hostile = JSON.stringify({
      openapi: '3.0.0',
      info: { title: 'x', version: '1' },
      paths: {
        '/a': {
          post: {
            requestBody: { content: { 'application/json': { schema: { $ref: 'file:///etc/passwd' } } } },
            responses: { 200: { description: 'ok' } },
          },
        },
        '/b': {
          get: {
            parameters: [{ $ref: 'http://127.0.0.1:9/evil.json' }],
            responses: { 200: { description: 'ok' } },
          },
        },
      },
    });
    const outcome = await previewOpenApi(hostile).then(
      (preview) => JSON.stringify(preview),
      (error: unknown) => (error as Error).message,
    );
    expect(outcome).not.toContain('root:');
  });

  it('refuses a document over 5 MB', async () => {
    await expect(
      previewOpenApi(`{"openapi": "3.0.0", "x": "${'a'.repeat(5 * 1024 * 1024)}"}`),
    ).rejects.toMatchObject({
      code: 'payload_too_large',
    });
  });

  it('refuses YAML that builds objects of custom types', async () => {
    await expect(previewOpenApi('openapi: 3.0.0\nx: !!js/function "function(){}"')).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  describe('budgets', () => {
    const refused = (message: string | RegExp) => ({
      code: 'invalid_input',
      field: 'source',
      message: expect.stringMatching(message),
    });

    it('refuses nested YAML aliases that stand for a billion values', async () => {
      await expect(previewOpenApi(yamlAliasBomb())).rejects.toMatchObject(
        refused(/^The document expands to more than 2,000,000 nodes once its YAML aliases are expanded/),
      );
    });

    it('refuses a document with more than 10,000 YAML aliases', async () => {
      const source = `openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths: {}\nx-a: &a 1\nx-many: [${Array<string>(10_001).fill('*a').join(',')}]`;
      await expect(previewOpenApi(source)).rejects.toMatchObject(
        refused(/^The document uses more than 10,000 YAML aliases/),
      );
    });

    it('refuses a few aliases of a long text that expand to more than 50 million characters', async () => {
      const source = `openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths: {}\nx-text: &t ${'a'.repeat(100_000)}\nx-many: [${Array<string>(600).fill('*t').join(',')}]`;
      await expect(previewOpenApi(source)).rejects.toMatchObject(
        refused(
          /^The document expands to more than 50 million characters once its YAML aliases are expanded/,
        ),
      );
    });

    it('refuses a document nested deeper than 500 levels', async () => {
      const source = `{"openapi": "3.0.0", "x-deep": ${'['.repeat(600)}${']'.repeat(600)}}`;
      await expect(previewOpenApi(source)).rejects.toMatchObject(
        refused(/^The document nests deeper than 500 levels/),
      );
    });

    it('refuses a YAML alias that contains itself', async () => {
      await expect(
        previewOpenApi('openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths: {}\nx-loop: &loop [*loop]'),
      ).rejects.toMatchObject(refused(/contains itself through a YAML alias/));
    });

    it('refuses schemas that $ref each other seven levels deep', async () => {
      await expect(previewOpenApi(refBomb())).rejects.toMatchObject(
        refused(/^The document expands to more than 2,000,000 nodes when its \$refs are followed/),
      );
    });

    it('still reads schemas that $ref each other a few times, and circular $refs', async () => {
      const preview = await previewOpenApi(refBomb(3, 20));
      expect(preview.operations.map((operation) => operation.key)).toEqual(['POST /bomb']);
      const circular = JSON.parse(refBomb(2, 2)) as { components: { schemas: Record<string, unknown> } };
      circular.components.schemas.S0 = {
        type: 'object',
        properties: { parent: { $ref: '#/components/schemas/S1' } },
      };
      await expect(previewOpenApi(JSON.stringify(circular))).resolves.toMatchObject({ title: 'Refs' });
    });

    it('refuses an operation whose example body is over 5 MB, naming the operation', async () => {
      await expect(previewOpenApi(hugeExample())).rejects.toMatchObject(
        refused(
          'The operation PUT /huge has a body longer than 5,000,000 characters, the most a method holds.',
        ),
      );
    });

    it('refuses example bodies generated from schemas past the budget, naming where', async () => {
      // Five bodies of 111,111 values each: within the node budget, not within the example budget.
      const properties = (schema: () => unknown) =>
        Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`p${String(index)}`, schema()]));
      const schemas: Record<string, unknown> = { S0: { type: 'object', properties: properties(() => ({})) } };
      for (let level = 1; level <= 4; level += 1)
        schemas[`S${String(level)}`] = {
          type: 'object',
          properties: properties(() => ({ $ref: `#/components/schemas/S${String(level - 1)}` })),
        };
      const post = {
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/S4' } } } },
        responses: { 200: { description: 'ok' } },
      };
      const source = JSON.stringify({
        openapi: '3.0.0',
        info: { title: 'Wide', version: '1' },
        paths: Object.fromEntries(['/a', '/b', '/c', '/d', '/e'].map((path) => [path, { post }])),
        components: { schemas },
      });
      await expect(previewOpenApi(source)).rejects.toMatchObject(
        refused(
          /^The example bodies generated from the document's schemas, up to POST \/e, would hold more than 500,000 values/,
        ),
      );
    });
  });
});
