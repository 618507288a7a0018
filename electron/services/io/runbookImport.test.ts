/**
 * Importing runbook files: a round trip between two fresh data directories that both run the
 * runbook against python3-httpbin with their own credentials, the preview that changes nothing,
 * copies and draft replacement, and every refusal — each leaving the database as it was.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../../shared/api/contract';
import { startHttpbin, type Httpbin } from '../http/testSupport/httpbin';
import { startBackend } from '../testSupport/temporaryBackend';
import { waitForRun } from '../testSupport/runs';
import { inProcessApi } from '../testSupport/typedApi';

let httpbin: Httpbin;
beforeAll(async () => {
  httpbin = await startHttpbin();
}, 30_000);
afterAll(async () => {
  await httpbin.stop();
});

type Backend = ReturnType<typeof startBackend>;
const call = <K extends CallName>(backend: Backend, name: K, input: CallInput<K>) =>
  inProcessApi(backend).call(name, input);

/** A bearer-protected echo (httpbin /bearer) feeding a second POST, in a data directory of its own. */
async function author(token: string) {
  const backend = startBackend();
  const { id: integrationId } = await call(backend, 'integrations.create', {
    details: { name: 'httpbin', category: 'Other' },
  });
  await call(backend, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: httpbin.url, auth: { type: 'bearer' } },
  });
  await call(backend, 'configurations.create', { integrationId, name: 'Main', secrets: { token } });
  const { id: whoami } = await call(backend, 'methods.create', {
    integrationId,
    definition: {
      name: 'Who am I',
      httpMethod: 'GET',
      path: '/bearer',
      outputs: [{ name: 'authenticated', expression: 'response^authenticated' }],
    },
  });
  const { id: echo } = await call(backend, 'methods.create', {
    integrationId,
    definition: {
      name: 'Echo',
      httpMethod: 'POST',
      path: '/anything',
      body: { kind: 'json', text: '{"note": "{{note}}"}' },
      outputs: [{ name: 'note', expression: 'response^json^note!' }],
    },
  });
  const { id: runbookId } = await call(backend, 'runbooks.create', {
    details: { name: 'Check access', tags: ['audit'] },
  });
  await call(backend, 'runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [{ name: 'who', type: 'string', isRequired: true }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'whoami', name: 'Who am I', type: 'method', methodId: whoami },
        {
          id: 'echo',
          name: 'Echo',
          type: 'method',
          methodId: echo,
          arguments: { note: '{{inputs.who}}: {{steps.whoami.outputs.authenticated}}' },
        },
        { id: 'done', name: 'Done', type: 'end', message: '{{steps.echo.outputs.note}}' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'whoami' },
        { from: 'whoami', kind: 'success', to: 'echo' },
        { from: 'echo', kind: 'success', to: 'done' },
      ],
      positions: {
        start: { x: 0, y: 0 },
        whoami: { x: 0, y: 140 },
        echo: { x: 0, y: 280 },
        done: { x: 0, y: 420 },
      },
    },
  });
  const { content } = await call(backend, 'runbooks.export', {
    id: runbookId,
  });
  return { backend, runbookId, content };
}

async function runIt(backend: Backend, runbookId: string) {
  const { runId } = await call(backend, 'runs.start', {
    runbookId,
    inputs: { who: 'Ada' },
  });
  return waitForRun(backend, runId);
}

/** Everything the user can see, to prove a refused import changed nothing. */
async function snapshot(backend: Backend): Promise<string> {
  return JSON.stringify([
    await call(backend, 'integrations.list', {}),
    await call(backend, 'runbooks.list', {}),
  ]);
}

describe('runbook import', () => {
  it('round-trips: the other data directory imports, adds its own credentials, runs with the same outputs', async () => {
    const mine = await author('token-of-the-author');
    const first = await runIt(mine.backend, mine.runbookId);
    expect(first.status).toBe('succeeded');

    const theirs = startBackend();
    const plan = await call(theirs, 'runbooks.previewImport', {
      content: mine.content,
    });
    expect(plan).toMatchObject({
      runbook: { name: 'Check access', action: 'create', finalName: 'Check access' },
      integrations: [
        {
          name: 'httpbin',
          action: 'create',
          methods: [
            { name: 'Echo', action: 'create' },
            { name: 'Who am I', action: 'create' },
          ],
        },
      ],
    });
    expect(plan.notes).toContain('Add a configuration with credentials to "httpbin" before running.');
    expect(await call(theirs, 'runbooks.list', {})).toMatchObject({ items: [] });

    const { runbookId } = await call(theirs, 'runbooks.import', {
      content: mine.content,
    });
    const [integration] = (await call(theirs, 'integrations.list', {})).items;
    await call(theirs, 'configurations.create', {
      integrationId: integration?.id ?? '',
      name: 'Ours',
      secrets: { token: 'token-of-the-team' },
    });
    const second = await runIt(theirs, runbookId);
    expect(second.status).toBe('succeeded');
    const outputsOf = (run: typeof first) => run.steps.map((step) => [step.stepId, step.outputs]);
    expect(outputsOf(second)).toEqual(outputsOf(first));
    // And exporting it from there gives back the same file.
    expect((await call(theirs, 'runbooks.export', { id: runbookId })).content).toBe(mine.content);
  });

  it('matches what exists by name, imports a taken name as a copy, or replaces that draft when asked', async () => {
    const mine = await author('t-1234567');
    const again = await call(mine.backend, 'runbooks.previewImport', {
      content: mine.content,
    });
    expect(again.runbook).toEqual({
      name: 'Check access',
      action: 'copy',
      finalName: 'Check access (copy)',
    });
    expect(again.integrations[0]).toMatchObject({
      action: 'match',
      methods: [{ action: 'match' }, { action: 'match' }],
    });
    const copy = await call(mine.backend, 'runbooks.import', {
      content: mine.content,
    });
    expect(copy.runbookId).not.toBe(mine.runbookId);
    const names = (await call(mine.backend, 'runbooks.list', {})).items.map((item) => item.name);
    expect(names).toEqual(['Check access', 'Check access (copy)']);
    expect((await call(mine.backend, 'integrations.list', {})).items).toHaveLength(1);

    const replaced = await call(mine.backend, 'runbooks.import', {
      content: mine.content.replace('"name": "Done"', '"name": "Finished"'),
      mode: 'replaceDraft',
    });
    expect(replaced.runbookId).toBe(mine.runbookId);
    const draft = (await call(mine.backend, 'runbooks.get', { id: mine.runbookId })).draft;
    expect(draft.steps.find((step) => step.id === 'done')?.name).toBe('Finished');
  });

  it('shortens a 200-character name to make room for " (copy)" when importing it as a copy', async () => {
    const mine = await author('t-1234567');
    const long = 'N'.repeat(200);
    await call(mine.backend, 'runbooks.update', { id: mine.runbookId, details: { name: long } });
    const { content } = await call(mine.backend, 'runbooks.export', {
      id: mine.runbookId,
    });
    const copy = await call(mine.backend, 'runbooks.import', { content });
    expect(copy.plan.runbook.finalName).toBe(`${'N'.repeat(193)} (copy)`);
    const names = (await call(mine.backend, 'runbooks.list', {})).items.map((item) => item.name);
    expect(names.sort()).toEqual([long, `${'N'.repeat(193)} (copy)`].sort());
  });

  const file = (mutate: (document: Record<string, unknown>) => void, base: string): string => {
    const document = JSON.parse(base) as Record<string, unknown>;
    mutate(document);
    return JSON.stringify(document);
  };

  it('refuses malformed, foreign, newer, oversized, hostile and dangling files, changing nothing', async () => {
    const { backend, content } = await author('t-7654321');
    const before = await snapshot(backend);
    const deep = `{"format":"runbook-designer/runbook","schemaVersion":1,"runbook":${'['.repeat(200)}${']'.repeat(200)}}`;
    const cases: [string, string, RegExp][] = [
      ['malformed JSON', '{"format": "runbook-designer/runbook",', /is not valid JSON/],
      [
        'another format',
        file((d) => (d.format = 'n8n/workflow'), content),
        /not a Runbook Designer runbook file/,
      ],
      [
        'a newer schema',
        file((d) => (d.schemaVersion = 2), content),
        /written by a newer Runbook Designer \(file version 2/,
      ],
      ['an unknown schema', file((d) => (d.schemaVersion = 0), content), /schemaVersion 0 is unknown/],
      ['too large', `${content.slice(0, -2)}, "padding": "${'x'.repeat(4 * 1024 * 1024)}"}`, /at most 4 MB/],
      [
        '__proto__',
        content.replace('"runbook": {', '"runbook": {"__proto__": {"isAdmin": true},'),
        /contains the key "__proto__"/,
      ],
      [
        'constructor',
        content.replace('"inputs": [', '"constructor": {}, "inputs": ['),
        /contains the key "constructor"/,
      ],
      ['deep nesting', deep, /nests deeper than 64 levels/],
      [
        // One over the bound: 100,000 steps made a file over 4 MB, refused for its size instead.
        '10,001 steps',
        file((d) => {
          (d.runbook as { steps: unknown[] }).steps = Array.from({ length: 10_001 }, (_, i) => ({
            id: `s_${String(i)}`,
            name: 'S',
            type: 'delay',
          }));
        }, content),
        /has 10,001 steps; at most 10,000/,
      ],
      [
        'a dangling method',
        file((d) => {
          (d.integrations as { methods: unknown[] }[])[0]?.methods.splice(0, 1);
        }, content),
        /uses the method "Echo" of "httpbin", which the file does not contain/,
      ],
      [
        'a dangling edge',
        content.replace('"to": "done"', '"to": "nowhere"'),
        /joins a step that is not in it/,
      ],
      [
        'a step type this version does not know',
        content.replace('"type": "end"', '"type": "teleport"'),
        /step "done" of "Check access" is of the type "teleport", which this version of Runbook Designer does not know\. A newer version may have written the file: update the app/,
      ],
    ];
    for (const [name, text, message] of cases) {
      await expect(call(backend, 'runbooks.previewImport', { content: text }), name).rejects.toMatchObject({
        message,
      });
      await expect(call(backend, 'runbooks.import', { content: text }), name).rejects.toMatchObject({
        message,
      });
    }
    expect(await snapshot(backend)).toBe(before);
    expect(fs.existsSync(backend.databaseFile)).toBe(true);
  });

  it('refuses a control character or U+FFFD in a name and counts the 4 MB in bytes, changing nothing', async () => {
    const { backend, content } = await author('t-7654322');
    const before = await snapshot(backend);
    const cases: [string, string, RegExp, unknown][] = [
      [
        'a NUL in the runbook name',
        content.replace('"name": "Check access"', '"name": "Check\\u0000access"'),
        /runbook\.name contains the control character U\+0000/,
        'runbook.name',
      ],
      [
        'U+FFFD in a step name',
        content.replace('"name": "Done"', '"name": "D\uFFFDne"'),
        /contains U\+FFFD, the mark left where the file’s bytes were not UTF-8/,
        expect.stringMatching(/^runbook\.steps\[\d+\]\.name$/),
      ],
      [
        'a line break in a tag',
        content.replace('"audit"', '"au\\ndit"'),
        /runbook\.tags\[0\] contains the control character U\+000A/,
        'runbook.tags[0]',
      ],
      [
        '6 MB of three-byte characters (2.1 million UTF-16 characters)',
        `${content.slice(0, -2)}, "padding": "${'€'.repeat(2_100_000)}"}`,
        /it is 6\.0 MB; at most 4 MB are read/,
        undefined,
      ],
    ];
    for (const [name, text, message, field] of cases) {
      await expect(call(backend, 'runbooks.previewImport', { content: text }), name).rejects.toMatchObject({
        code: 'invalid_input',
        message,
        ...(field === undefined ? {} : { field }),
      });
      await expect(call(backend, 'runbooks.import', { content: text }), name).rejects.toMatchObject({
        message,
      });
    }
    expect(await snapshot(backend)).toBe(before);
  });
});
