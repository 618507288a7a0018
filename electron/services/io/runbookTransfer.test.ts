/**
 * Runbook files between data directories, without a network: names that look like JavaScript's
 * own (a runbook called "prototype"), a preview that tells exactly what the import then does,
 * drafts whose references have gone, and hostile files that must be refused cleanly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../../shared/api/contract';
import { expectImportRefused } from '../testSupport/importRefusals';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Backend = ReturnType<typeof startBackend>;

/** A file with a step of every type (runbookFileBytes.test.ts keeps it). */
const everyStepTypeFile = path.join(import.meta.dirname, 'testSupport', 'everyStepType.runbook.json');
const call = <K extends CallName>(backend: Backend, name: K, input: CallInput<K>) =>
  inProcessApi(backend).call(name, input);

/** An integration with a prefix and a named configuration, a method, and a runbook using both. */
async function author(runbookName: string, stepId = 'get', isNamed = true) {
  const backend = startBackend();
  const { id: integrationId } = await call(backend, 'integrations.create', {
    details: { name: 'Api', category: 'Other' },
  });
  await call(backend, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: 'https://api.example', variablePrefix: 'api' },
  });
  const { id: methodId } = await call(backend, 'methods.create', {
    integrationId,
    definition: { name: 'Get', httpMethod: 'GET', path: '/items/{{id}}' },
  });
  const { id: configurationId } = await call(backend, 'configurations.create', {
    integrationId,
    name: 'Prod',
  });
  const { id: runbookId } = await call(backend, 'runbooks.create', {
    details: { name: runbookName },
  });
  await call(backend, 'runbooks.update', {
    id: runbookId,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: stepId,
          name: 'Get',
          type: 'method',
          methodId,
          configuration: isNamed ? { mode: 'named', configurationId } : { mode: 'primary' },
          arguments: { id: '1' },
        },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: stepId },
        { from: stepId, kind: 'success', to: 'done' },
      ],
      positions: { start: { x: 0, y: 0 }, [stepId]: { x: 0, y: 140 }, done: { x: 0, y: 280 } },
    },
  });
  const exportIt = async () => (await call(backend, 'runbooks.export', { id: runbookId })).content;
  return { backend, integrationId, methodId, runbookId, exportIt };
}

/** The parts of a file the hostile cases below edit. */
interface EditableFile {
  runbook: { name: string; steps: unknown[] };
  runbooks: unknown[];
  integrations: { name: string; category?: string; description?: string; versionLabel?: string }[];
  layout: unknown;
}

async function snapshot(backend: Backend): Promise<string> {
  return JSON.stringify([
    await call(backend, 'integrations.list', {}),
    await call(backend, 'runbooks.list', {}),
  ]);
}

describe('runbook files', () => {
  it('round-trip a runbook called "prototype" with a step called "constructor"', async () => {
    const mine = await author('prototype', 'constructor', false);
    const content = await mine.exportIt();
    const theirs = startBackend();
    const { runbookId } = await call(theirs, 'runbooks.import', { content });
    expect((await call(theirs, 'runbooks.export', { id: runbookId })).content).toBe(content);
    // The keys stay refused where they are not a name the user chose.
    for (const hostile of [
      content.replace('"edges": [', '"prototype": {}, "edges": ['),
      content.replace('"layout": {', '"layout": {"__proto__": {},'),
    ]) {
      await expect(call(theirs, 'runbooks.previewImport', { content: hostile })).rejects.toMatchObject({
        message: /contains the key "(prototype|__proto__)"/,
      });
    }
  });

  it('previews exactly the plan the import then carries out, notes included', async () => {
    const mine = await author('Nightly');
    const content = await mine.exportIt();
    const theirs = startBackend();
    // Here the prefix "api" is taken, and there is no configuration called "Prod".
    const { id } = await call(theirs, 'integrations.create', {
      details: { name: 'Other API', category: 'Other' },
    });
    await call(theirs, 'integrations.updateDefinition', { id, definition: { variablePrefix: 'api' } });
    const preview = await call(theirs, 'runbooks.previewImport', {
      content,
    });
    const done = await call(theirs, 'runbooks.import', { content });
    expect(preview).toEqual(done.plan);
    expect(preview.notes).toEqual([
      'Add a configuration with credentials to "Api" before running.',
      'The prefix "api" is taken here, so "Api" has none; choose one.',
      'Step "get" of "Nightly" uses the configuration "Prod" of "Api", which is not here; it will use the primary one.',
    ]);
  });

  it('names the runbook and integration of each configuration it does not find, once per runbook', async () => {
    const mine = await author('Nightly');
    const [prod] = await call(mine.backend, 'configurations.list', { integrationId: mine.integrationId });
    const { id: helperId } = await call(mine.backend, 'runbooks.create', { details: { name: 'Helper' } });
    const get = {
      id: 'get',
      name: 'Get',
      type: 'method' as const,
      methodId: mine.methodId,
      configuration: { mode: 'named' as const, configurationId: prod?.id ?? '' },
      arguments: { id: '1' },
    };
    await call(mine.backend, 'runbooks.update', {
      id: helperId,
      draft: {
        steps: [{ id: 'start', name: 'Start', type: 'start' }, get],
        edges: [{ from: 'start', kind: 'next', to: 'get' }],
      },
    });
    await call(mine.backend, 'runbooks.update', {
      id: mine.runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          get,
          { id: 'helper', name: 'Helper', type: 'runRunbook', runbookId: helperId },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'get' },
          { from: 'get', kind: 'success', to: 'helper' },
        ],
      },
    });
    const plan = await call(startBackend(), 'runbooks.previewImport', { content: await mine.exportIt() });
    expect(plan.notes.filter((note) => note.includes('"Prod"'))).toEqual([
      'Step "get" of "Helper" uses the configuration "Prod" of "Api", which is not here; it will use the primary one.',
      'Step "get" of "Nightly" uses the configuration "Prod" of "Api", which is not here; it will use the primary one.',
    ]);
  });

  it('hands on a draft whose steps have no method or runbook chosen yet, for the teammate to choose', async () => {
    const mine = await author('Nightly');
    await call(mine.backend, 'runbooks.update', {
      id: mine.runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'get', name: 'Get', type: 'method', methodId: '' },
          { id: 'child', name: 'Child', type: 'runRunbook', runbookId: '' },
          { id: 'ask', name: 'Ask', type: 'approval', message: 'Go?', notify: { methodId: '' } },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'get' },
          { from: 'get', kind: 'success', to: 'child' },
          { from: 'child', kind: 'success', to: 'ask' },
        ],
      },
    });
    const content = await mine.exportIt();
    const theirs = startBackend();
    const { runbookId } = await call(theirs, 'runbooks.import', { content });
    const { issues } = await call(theirs, 'runbooks.validate', { id: runbookId });
    expect(issues.map((issue) => issue.message)).toEqual(
      expect.arrayContaining([
        '"Get": choose a method.',
        '"Child": choose a runbook to run.',
        '"Ask": choose the method of its Notify request.',
      ]),
    );
    expect((await call(theirs, 'runbooks.export', { id: runbookId })).content).toBe(content);
  });

  it('refuses to export a draft whose method or sub-runbook was deleted, naming the step', async () => {
    const mine = await author('Nightly');
    await call(mine.backend, 'methods.delete', { id: mine.methodId });
    await expect(mine.exportIt()).rejects.toMatchObject({
      message: /Step "Get" of "Nightly" uses a method that no longer exists/,
    });
  });

  it('carries every runbook the runbook starts, however deep, so the file can be imported', async () => {
    type Draft = NonNullable<CallInput<'runbooks.update'>['draft']>;
    const backend = startBackend();
    let childId: string | undefined;
    for (let level = 7; level >= 0; level -= 1) {
      const { id } = await call(backend, 'runbooks.create', {
        details: { name: `Level ${String(level)}` },
      });
      const steps: Draft['steps'] = [{ id: 'start', name: 'Start', type: 'start' }];
      const edges: Draft['edges'] = [];
      if (childId !== undefined) {
        steps.push({ id: 'child', name: 'Child', type: 'runRunbook', runbookId: childId });
        edges.push({ from: 'start', kind: 'next', to: 'child' });
      }
      await call(backend, 'runbooks.update', { id, draft: { steps, edges } });
      childId = id;
    }
    const { content } = await call(backend, 'runbooks.export', { id: childId ?? '' });
    await expect(call(startBackend(), 'runbooks.previewImport', { content })).resolves.toMatchObject({
      runbook: { name: 'Level 0' },
    });
  });

  it('refuses hostile references and duplicates with a clear message, changing nothing', async () => {
    const mine = await author('Nightly');
    const content = await mine.exportIt();
    const before = await snapshot(mine.backend);
    const edit = (mutate: (file: EditableFile) => void) => {
      const file = JSON.parse(content) as EditableFile;
      mutate(file);
      return JSON.stringify(file);
    };
    const cases: [string, string, RegExp][] = [
      [
        'a configuration name that is not text',
        content.replace('"configurationName": "Prod"', '"configurationName": 5'),
        /step "get" of "Nightly" is not valid/,
      ],
      [
        'a method reference that is not text',
        content.replace('"integration": "Api"', '"integration": ["Api"]'),
        /step "get" of "Nightly"/,
      ],
      [
        'two steps with one id',
        edit((file) => file.runbook.steps.push({ id: 'done', name: 'Again', type: 'end' })),
        /has two steps with the id "done"/,
      ],
      [
        'two runbooks with one name',
        edit((file) => {
          const sub = { ...file.runbook, name: 'Helper', steps: [{ id: 'start', name: 'S', type: 'start' }] };
          file.runbooks = [sub, { ...sub, name: ' HELPER' }];
          file.layout = {};
          file.runbook.steps.push({ id: 'sub', name: 'Sub', type: 'runRunbook', runbook: 'Helper' });
        }),
        /has two runbooks named "HELPER"/,
      ],
      [
        'two integrations with one name',
        edit((file) => file.integrations.push({ ...file.integrations[0], name: 'api ' })),
        /has two integrations named "api"/,
      ],
    ];
    for (const [name, text, message] of cases) {
      for (const mode of ['copy', 'replaceDraft'] as const) {
        await expect(
          call(mine.backend, 'runbooks.previewImport', { content: text, mode }),
          name,
        ).rejects.toMatchObject({ code: 'invalid_input', message });
        await expect(
          call(mine.backend, 'runbooks.import', { content: text, mode }),
          name,
        ).rejects.toMatchObject({
          code: 'invalid_input',
          message,
        });
      }
    }
    expect(await snapshot(mine.backend)).toBe(before);
  });

  it('refuses details the app would not keep, in the preview as in the import, naming the field and changing nothing', async () => {
    const mine = await author('Nightly');
    const content = await mine.exportIt();
    const before = await snapshot(mine.backend);
    const edit = (mutate: (file: EditableFile) => void) => {
      const file = JSON.parse(content) as EditableFile;
      mutate(file);
      return JSON.stringify(file);
    };
    const integration = (change: Partial<EditableFile['integrations'][number]>) =>
      edit((file) => Object.assign(file.integrations[0] ?? {}, change));
    const cases: [string, string, string, string][] = [
      [
        'a 150-character integration name',
        // The step's reference follows, so only the name's length is wrong.
        content.replaceAll('"Api"', `"${'A'.repeat(150)}"`),
        'integrations.0.name',
        'Name must be at most 100 characters',
      ],
      [
        'a 3,000-character description',
        integration({ description: 'd'.repeat(3_000) }),
        'integrations.0.description',
        'Description must be at most 2000 characters',
      ],
      [
        'a 50-character version',
        integration({ versionLabel: 'v'.repeat(50) }),
        'integrations.0.versionLabel',
        'Version must be at most 40 characters',
      ],
      [
        'a layout entry for a step id no runbook may have',
        edit((file) => (file.layout = { Nightly: { 'Not An Id': { x: 0, y: 0 } } })),
        'layout.Nightly.Not An Id',
        'Step ids are lower-case letters, digits and _',
      ],
    ];
    for (const [name, text, field, reason] of cases) {
      const message = `This file cannot be imported: ${field}: ${reason}.`;
      await expectImportRefused(
        mine.backend,
        'runbooks',
        text,
        { code: 'invalid_input', field, message },
        name,
      );
    }
    expect(await snapshot(mine.backend)).toBe(before);
  });

  it('imports a blank integration category as "Other"', async () => {
    const content = (await (await author('Nightly')).exportIt()).replace(
      '"category": "Other"',
      '"category": "  "',
    );
    const theirs = startBackend();
    await call(theirs, 'runbooks.import', { content });
    expect((await call(theirs, 'integrations.list', {})).items).toMatchObject([
      { name: 'Api', category: 'Other' },
    ]);
  });

  it('names a copy clear of the runbooks the same file creates, in the preview as in the import', async () => {
    const mine = await author('Nightly');
    const file = JSON.parse(await mine.exportIt()) as EditableFile;
    // A sub-runbook the file carries has the name the copy would take first.
    file.runbook.steps.push({ id: 'sub', name: 'Sub', type: 'runRunbook', runbook: 'Nightly (copy)' });
    file.runbooks = [{ name: 'Nightly (copy)', steps: [{ id: 'start', name: 'Start', type: 'start' }] }];
    const content = JSON.stringify(file);
    const preview = await call(mine.backend, 'runbooks.previewImport', { content });
    expect(preview.runbook).toEqual({ name: 'Nightly', action: 'copy', finalName: 'Nightly (copy 2)' });
    expect(preview.runbooks).toEqual([{ name: 'Nightly (copy)', action: 'create' }]);

    const done = await call(mine.backend, 'runbooks.import', { content });
    expect(done.plan).toEqual(preview);
    const { items } = await call(mine.backend, 'runbooks.list', {});
    expect(items.map((item) => item.name).sort()).toEqual(['Nightly', 'Nightly (copy 2)', 'Nightly (copy)']);
    const subId = items.find((item) => item.name === 'Nightly (copy)')?.id;
    const copy = await call(mine.backend, 'runbooks.get', { id: done.runbookId });
    expect(copy.name).toBe('Nightly (copy 2)');
    expect(copy.draft.steps.find((step) => step.id === 'sub')).toMatchObject({ runbookId: subId });
  });

  it('refuses half of a surrogate pair written as an escape, in a value or a key, naming where', async () => {
    const mine = await author('Nightly');
    const content = await mine.exportIt();
    const before = await snapshot(mine.backend);
    const cases: [string, string, RegExp, string][] = [
      [
        'in the runbook name',
        content.replace('"name": "Nightly"', '"name": "Nightly \\ud800 x"'),
        /: runbook\.name holds half of a character \(a lone UTF-16 surrogate/,
        'runbook.name',
      ],
      [
        'in a method path',
        content.replace('/items/{{id}}', '/items/\\udc00{{id}}'),
        /: integrations\[0\]\.methods\[0\]\.path holds half of a character/,
        'integrations[0].methods[0].path',
      ],
      [
        'in a key of the layout',
        content.replace('"layout": {', '"layout": {"\\ud83d": {},'),
        /: a key in layout holds half of a character/,
        'layout',
      ],
    ];
    for (const [name, text, message, field] of cases)
      await expectImportRefused(
        mine.backend,
        'runbooks',
        text,
        { code: 'invalid_input', message, field },
        name,
      );
    expect(await snapshot(mine.backend)).toBe(before);
    // A whole pair written as two escapes is one character, and imports.
    const rocket = content.replace('"name": "Nightly"', '"name": "Nightly \\ud83d\\ude80"');
    const theirs = startBackend();
    await call(theirs, 'runbooks.import', { content: rocket });
    expect((await call(theirs, 'runbooks.list', {})).items).toMatchObject([{ name: 'Nightly 🚀' }]);
  });

  it('reads a file saved with a byte order mark, and says so when the text is not UTF-8', async () => {
    const mine = await author('Nightly');
    const content = await mine.exportIt();
    const theirs = startBackend();
    await expect(
      call(theirs, 'runbooks.previewImport', { content: `\uFEFF${content}` }),
    ).resolves.toMatchObject({ runbook: { name: 'Nightly' } });
    // UTF-16 read as UTF-8, as a file saved by Windows PowerShell 5 arrives.
    const utf16 = new TextDecoder('utf-8').decode(Buffer.from(`\uFEFF${content}`, 'utf16le'));
    await expect(call(theirs, 'runbooks.previewImport', { content: utf16 })).rejects.toMatchObject({
      message: /is not UTF-8 text/,
    });
  });

  it('imports a Switch whose two cases share an id with that problem named on the step', async () => {
    const file = JSON.parse(fs.readFileSync(everyStepTypeFile, 'utf8')) as {
      runbook: { steps: { id: string; cases?: { id: string }[] }[]; edges: { kind: string }[] };
    };
    const route = file.runbook.steps.find((step) => step.id === 'route');
    if (route?.cases?.[1] === undefined) throw new Error('The kept file has no Switch with two cases');
    route.cases[1].id = 'c1';
    file.runbook.edges = file.runbook.edges.filter((edge) => edge.kind !== 'case_c2');
    const theirs = startBackend();
    const { runbookId } = await call(theirs, 'runbooks.import', { content: JSON.stringify(file) });
    expect((await call(theirs, 'runbooks.validate', { id: runbookId })).issues).toContainEqual({
      stepId: 'route',
      message: '"Route": two cases have the id "c1" and share one exit; delete the second and add it again.',
    });
  });

  it('matches a method whose example response lists the same headers in another order as the same', async () => {
    const mine = await author('Nightly');
    await call(mine.backend, 'methods.update', {
      id: mine.methodId,
      definition: {
        name: 'Get',
        httpMethod: 'GET',
        path: '/items/{{id}}',
        exampleResponse: { status: 200, headers: { 'X-Total': '1', 'Content-Type': 'application/json' } },
      },
    });
    const content = await mine.exportIt();
    const plan = await call(mine.backend, 'runbooks.previewImport', { content });
    expect(plan.integrations).toEqual([
      { name: 'Api', action: 'match', methods: [{ name: 'Get', action: 'match' }] },
    ]);
    expect(plan.notes.join('\n')).not.toMatch(/differs/);
    const file = JSON.stringify({
      format: 'runbook-designer/integration',
      schemaVersion: 1,
      integration: (JSON.parse(content) as { integrations: unknown[] }).integrations[0],
    });
    expect(await call(mine.backend, 'integrations.previewImport', { content: file })).toMatchObject({
      methods: [{ name: 'Get', action: 'match' }],
      notes: [],
    });
  });
});
