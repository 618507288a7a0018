/** Integration files: secret-free and byte-identical exports, matching on import, refusals. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../../shared/api/contract';
import { openDatabase } from '../db/database';
import { expectImportRefused } from '../testSupport/importRefusals';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Backend = ReturnType<typeof startBackend>;
const call = <K extends CallName>(backend: Backend, name: K, input: CallInput<K>) =>
  inProcessApi(backend).call(name, input);

async function author() {
  const backend = startBackend();
  const { id } = await call(backend, 'integrations.create', {
    details: { name: 'Helpdesk', category: 'PSA', description: 'Tickets and users' },
  });
  await call(backend, 'integrations.updateDefinition', {
    id,
    definition: {
      baseUrl: 'https://helpdesk.example/api',
      auth: { type: 'bearer' },
      variablePrefix: 'helpdesk',
    },
  });
  await call(backend, 'configurations.create', {
    integrationId: id,
    name: 'Prod',
    secrets: { token: 'MARKER-token-9931' },
  });
  for (const name of ['List tickets', 'Close ticket']) {
    await call(backend, 'methods.create', {
      integrationId: id,
      definition: { name, httpMethod: name.startsWith('List') ? 'GET' : 'POST', path: '/tickets' },
    });
  }
  const exported = await call(backend, 'integrations.export', { id });
  return { backend, id, exported };
}

describe('integration files', () => {
  it('export the definition and methods in a stable form, never a secret or an id', async () => {
    const { backend, id, exported } = await author();
    expect(exported.fileName).toBe('helpdesk.integration.json');
    expect(exported.content).not.toContain('MARKER-token-9931');
    expect(exported.content).not.toContain(id);
    expect(
      exported.content.startsWith('{\n  "format": "runbook-designer/integration",\n  "schemaVersion": 1,'),
    ).toBe(true);
    const file = JSON.parse(exported.content) as { integration: { methods: { name: string }[] } };
    expect(file.integration.methods.map((method) => method.name)).toEqual(['Close ticket', 'List tickets']);
    expect((await call(backend, 'integrations.export', { id })).content).toBe(exported.content);
  });

  it('say when a method carries a value typed in that looks like a credential', async () => {
    const { backend, id, exported } = await author();
    expect(exported.warnings).toEqual([]);
    await call(backend, 'methods.create', {
      integrationId: id,
      definition: {
        name: 'Hard-wired',
        httpMethod: 'GET',
        path: '/me',
        headers: [
          { key: 'Authorization', value: 'Bearer literal-123', description: '', isEnabled: true },
          { key: 'X-Api-Key', value: '{{config.helpdesk.key}}', description: '', isEnabled: true },
        ],
        query: [{ key: 'api_key', value: 'abc', description: '', isEnabled: true }],
      },
      confirmTypedCredential: true,
    });
    const { warnings } = await call(backend, 'integrations.export', {
      id,
    });
    expect(warnings).toEqual([
      '"Hard-wired" of Helpdesk sends the header Authorization with a value typed into the method; that value is in the file.',
      '"Hard-wired" of Helpdesk sends the query parameter api_key with a value typed into the method; that value is in the file.',
    ]);
  });

  it('leave the user and password of an outbound proxy out of the file, keeping its address', async () => {
    const { backend, id } = await author();
    await call(backend, 'integrations.updateDefinition', {
      id,
      definition: {
        baseUrl: 'https://helpdesk.example/api',
        behaviour: { proxy: { isEnabled: true, url: 'http://svc-proxy:MARKER-proxy-pw@proxy.corp:3128' } },
      },
    });
    const { content } = await call(backend, 'integrations.export', { id });
    expect(content).not.toContain('MARKER-proxy-pw');
    expect(content).not.toContain('svc-proxy');
    expect(content).toContain('"url": "http://proxy.corp:3128"');
  });

  it('leave a user and password written into the token URL (stored before such were refused) out of the file, keeping the address', async () => {
    const { backend: first, id } = await author();
    const auth = { type: 'oauth2', grantType: 'client_credentials' } as const;
    await call(first, 'integrations.updateDefinition', {
      id,
      definition: {
        baseUrl: 'https://helpdesk.example/api',
        auth: { ...auth, tokenUrl: 'https://idp.example/oauth/token' },
      },
    });
    // Saving one is refused now: an earlier version's row is written as it would have stored it.
    const { databaseFile } = first;
    stopBackend(first);
    const db = openDatabase({ file: databaseFile });
    const stored = db
      .prepare<[string], { auth_settings: string }>('SELECT auth_settings FROM integrations WHERE id = ?')
      .get(id);
    const tokenUrl = 'https://svc-client:MARKER-client-secret@idp.example/oauth/token';
    db.prepare('UPDATE integrations SET auth_settings = ? WHERE id = ?').run(
      JSON.stringify({ ...(JSON.parse(stored?.auth_settings ?? '{}') as object), tokenUrl }),
      id,
    );
    db.close();
    const backend = startBackend(path.dirname(databaseFile));
    const [method] = await call(backend, 'methods.list', { integrationId: id });
    const { id: runbookId } = await call(backend, 'runbooks.create', { details: { name: 'Sweep' } });
    await call(backend, 'runbooks.update', {
      id: runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'list', name: 'List', type: 'method', methodId: method?.id ?? '' },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'list' }],
      },
    });
    for (const { content } of [
      await call(backend, 'integrations.export', { id }),
      await call(backend, 'runbooks.export', { id: runbookId }),
    ]) {
      expect(content).not.toContain('MARKER-client-secret');
      expect(content).not.toContain('svc-client');
      expect(content).toContain('"tokenUrl": "https://idp.example/oauth/token"');
    }
  });

  it('say which {{config.<prefix>.…}} a method reads that no integration here answers', async () => {
    const { backend, id } = await author();
    const { id: vaultId } = await call(backend, 'integrations.create', {
      details: { name: 'Vault', category: 'Security' },
    });
    await call(backend, 'integrations.updateDefinition', {
      id: vaultId,
      definition: { protocol: 'secrets', variablePrefix: 'vault' },
    });
    const { id: methodId } = await call(backend, 'methods.create', {
      integrationId: id,
      definition: {
        name: 'Sign in',
        httpMethod: 'POST',
        path: '/login',
        headers: [{ key: 'X-Pass', value: '{{config.vault.password}}', description: '', isEnabled: true }],
      },
    });
    const { id: runbookId } = await call(backend, 'runbooks.create', { details: { name: 'Sign in' } });
    await call(backend, 'runbooks.update', {
      id: runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'login', name: 'Login', type: 'method', methodId },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'login' }],
      },
    });
    // And one reading its own integration's prefix, which a fresh data folder creates with it.
    await call(backend, 'methods.create', {
      integrationId: id,
      definition: {
        name: 'Who',
        httpMethod: 'GET',
        path: '/me',
        headers: [{ key: 'X-Key', value: '{{config.helpdesk.key}}', description: '', isEnabled: true }],
      },
    });
    const noteOf = (method: string, prefix: string) =>
      `"Helpdesk · ${method}" reads {{config.${prefix}.…}}, and no integration here has the prefix "${prefix}": add one with it (a Secrets-only one holds such values) before running.`;
    const note = noteOf('Sign in', 'vault');
    const integrationFile = (await call(backend, 'integrations.export', { id })).content;
    const theirs = startBackend();
    expect((await call(theirs, 'integrations.previewImport', { content: integrationFile })).notes).toEqual([
      'Add a configuration with credentials to "Helpdesk" before using it.',
      note,
    ]);
    // Where their Helpdesk has another prefix, the methods added to it read one nobody has.
    const withOtherPrefix = startBackend();
    const { id: theirHelpdesk } = await call(withOtherPrefix, 'integrations.create', {
      details: { name: 'Helpdesk', category: 'PSA' },
    });
    await call(withOtherPrefix, 'integrations.updateDefinition', {
      id: theirHelpdesk,
      definition: { variablePrefix: 'hd' },
    });
    expect(
      (await call(withOtherPrefix, 'integrations.previewImport', { content: integrationFile })).notes,
    ).toEqual([noteOf('Sign in', 'vault'), noteOf('Who', 'helpdesk')]);
    // A runbook file written before it carried the vault.
    const runbookFile = JSON.parse((await call(backend, 'runbooks.export', { id: runbookId })).content) as {
      integrations: { name: string }[];
    };
    runbookFile.integrations = runbookFile.integrations.filter((integration) => integration.name !== 'Vault');
    const plan = await call(theirs, 'runbooks.previewImport', { content: JSON.stringify(runbookFile) });
    expect(plan.notes).toContain(note);
    // Where the vault is here (or in the file), nothing is said.
    expect((await call(backend, 'integrations.previewImport', { content: integrationFile })).notes).toEqual(
      [],
    );
  });

  it('import into a fresh data directory without credentials, and match by name the second time', async () => {
    const { exported } = await author();
    const theirs = startBackend();
    expect(await call(theirs, 'integrations.previewImport', { content: exported.content })).toMatchObject({
      name: 'Helpdesk',
      action: 'create',
      methods: [
        { name: 'Close ticket', action: 'create' },
        { name: 'List tickets', action: 'create' },
      ],
    });
    const { integrationId } = await call(theirs, 'integrations.import', {
      content: exported.content,
    });
    expect(await call(theirs, 'configurations.list', { integrationId })).toEqual([]);
    expect((await call(theirs, 'integrations.export', { id: integrationId })).content).toBe(exported.content);
    const again = await call(theirs, 'integrations.import', {
      content: exported.content,
    });
    expect(again.integrationId).toBe(integrationId);
    expect(again.plan.methods.every((method) => method.action === 'match')).toBe(true);
    expect((await call(theirs, 'methods.list', { integrationId })).length).toBe(2);
  });

  it('previews the note about a taken prefix that the import then gives', async () => {
    const { exported } = await author();
    const theirs = startBackend();
    const { id } = await call(theirs, 'integrations.create', {
      details: { name: 'Other', category: 'Other' },
    });
    await call(theirs, 'integrations.updateDefinition', { id, definition: { variablePrefix: 'helpdesk' } });
    const preview = await call(theirs, 'integrations.previewImport', { content: exported.content });
    const done = await call(theirs, 'integrations.import', {
      content: exported.content,
    });
    expect(preview).toEqual(done.plan);
    expect(done.plan.notes).toContain(
      'The prefix "helpdesk" is taken here, so "Helpdesk" has none; choose one.',
    );
  });

  it('refuses hostile or foreign files, changing nothing', async () => {
    const { backend, exported } = await author();
    const before = JSON.stringify(await call(backend, 'integrations.list', {}));
    for (const [content, message] of [
      ['not json', /is not valid JSON/],
      [
        exported.content.replace('"integration": {', '"integration": {"__proto__": {},'),
        /contains the key "__proto__"/,
      ],
      [
        exported.content.replace('runbook-designer/integration', 'runbook-designer/runbook'),
        /not a Runbook Designer integration file/,
      ],
      [
        exported.content.replace('"schemaVersion": 1', '"schemaVersion": 9'),
        /written by a newer Runbook Designer/,
      ],
      [exported.content.replace('"Close ticket"', '"List tickets"'), /two methods named "List tickets"/],
    ] as const) {
      await expect(call(backend, 'integrations.import', { content })).rejects.toMatchObject({ message });
    }
    expect(JSON.stringify(await call(backend, 'integrations.list', {}))).toBe(before);
  });

  it('refuses control characters or U+FFFD in names and a file over 4 MB in bytes, naming the field', async () => {
    const { backend, exported } = await author();
    const before = JSON.stringify(await call(backend, 'integrations.list', {}));
    const cases: [string, string, RegExp, string | undefined][] = [
      [
        'a NUL in its name',
        exported.content.replace('"name": "Helpdesk"', '"name": "Help\\u0000desk"'),
        /integration\.name contains the control character U\+0000/,
        'integration.name',
      ],
      [
        'U+FFFD (bytes that were not UTF-8) in a method name',
        exported.content.replace('"List tickets"', '"List tick\uFFFDts"'),
        /integration\.methods\[\d\]\.name contains U\+FFFD/,
        undefined,
      ],
      [
        'an escape character in its description',
        exported.content.replace('Tickets and users', 'Tickets\\u001b[2Jand users'),
        /integration\.description contains the control character U\+001B/,
        'integration.description',
      ],
      [
        '6 MB of three-byte characters (2.1 million UTF-16 characters)',
        exported.content.replace('Tickets and users', '€'.repeat(2_100_000)),
        /it is 6\.0 MB; at most 4 MB are read/,
        undefined,
      ],
    ];
    for (const [name, content, message, field] of cases) {
      await expect(call(backend, 'integrations.previewImport', { content }), name).rejects.toMatchObject({
        code: 'invalid_input',
        message,
        ...(field === undefined ? {} : { field }),
      });
      await expect(call(backend, 'integrations.import', { content }), name).rejects.toMatchObject({
        message,
      });
    }
    expect(JSON.stringify(await call(backend, 'integrations.list', {}))).toBe(before);
  });

  it('refuses details the app would not keep, in the preview as in the import, naming the field', async () => {
    const { backend, exported } = await author();
    const before = JSON.stringify(await call(backend, 'integrations.list', {}));
    const cases: [string, string, string, string][] = [
      [
        exported.content.replace('"name": "Helpdesk"', `"name": "${'H'.repeat(160)}"`),
        'integration.name',
        'Name must be at most 100 characters',
        'a 160-character name',
      ],
      [
        exported.content.replace('Tickets and users', 'd'.repeat(3_000)),
        'integration.description',
        'Description must be at most 2000 characters',
        'a 3,000-character description',
      ],
      [
        exported.content.replace('"versionLabel": ""', `"versionLabel": "${'v'.repeat(50)}"`),
        'integration.versionLabel',
        'Version must be at most 40 characters',
        'a 50-character version',
      ],
    ];
    for (const [content, field, reason, name] of cases) {
      const message = `This file cannot be imported: ${field}: ${reason}.`;
      await expectImportRefused(
        backend,
        'integrations',
        content,
        { code: 'invalid_input', field, message },
        name,
      );
    }
    expect(JSON.stringify(await call(backend, 'integrations.list', {}))).toBe(before);
  });

  it('leaves a user name and password out of an exported base URL saved before they were refused', async () => {
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    const { id } = await call(first, 'integrations.create', { details: { name: 'Old', category: 'PSA' } });
    const databaseFile = first.databaseFile;
    stopBackend(first);
    // Saved by an older version: the calls refuse such a base URL now.
    const db = openDatabase({ file: databaseFile });
    db.prepare('UPDATE integrations SET base_url = ? WHERE id = ?').run(
      'https://svc:Pa55w0rd-x@helpdesk.example/api',
      id,
    );
    db.close();
    const exported = await call(startBackend(dataDirectory), 'integrations.export', { id });
    expect(exported.content).not.toContain('Pa55w0rd');
    expect(exported.content).toContain('"baseUrl": "https://helpdesk.example/api"');
  });

  it('refuses a file whose base URL holds a user name and password, importing nothing', async () => {
    const { backend, exported } = await author();
    const before = JSON.stringify(await call(backend, 'integrations.list', {}));
    const content = exported.content.replace(
      'https://helpdesk.example/api',
      'https://svc:Pa55w0rd-x@helpdesk.example/api',
    );
    const refusal = {
      code: 'invalid_input',
      field: 'integration.definition.baseUrl',
      // A file's integration: its credentials go in a configuration once imported, never in the file.
      message:
        /the base URL holds a user name or password \(before the @\), which run records and the call log would show; take them out of the file and, once it is imported, give them as a configuration's Username and Password \(Basic authorization\)\.$/,
    };
    await expectImportRefused(backend, 'integrations', content, refusal);
    expect(JSON.stringify(await call(backend, 'integrations.list', {}))).toBe(before);
  });

  it('refuses half of a surrogate pair written as an escape, naming where', async () => {
    const { backend, exported } = await author();
    const before = JSON.stringify(await call(backend, 'integrations.list', {}));
    const content = exported.content.replace('"name": "Helpdesk"', '"name": "Help\\ud800desk"');
    const refusal = {
      code: 'invalid_input',
      field: 'integration.name',
      message: /: integration\.name holds half of a character \(a lone UTF-16 surrogate/,
    };
    await expectImportRefused(backend, 'integrations', content, refusal);
    expect(JSON.stringify(await call(backend, 'integrations.list', {}))).toBe(before);
  });

  it('still imports a description over several lines with tabs', async () => {
    const { exported } = await author();
    const theirs = startBackend();
    const content = exported.content.replace('Tickets and users', 'Tickets\\n\\tand users');
    await call(theirs, 'integrations.import', { content });
    const { items } = await call(theirs, 'integrations.list', {});
    expect(items[0]?.description).toBe('Tickets\n\tand users');
  });
});
