/** A file's runbook and test cases as they are written here: ids by name, refusals in words, the file's order kept. */
import { describe, expect, it } from 'vitest';
import type { ExportedRunbook, ReferenceIds } from '../../../shared/io/runbookFile';
import type { TestCaseContent } from '../../../shared/rehearsal/testCase';
import { importedGraph, importedTestCases } from './runbookImportWrites';

const noIds: ReferenceIds = {
  method: () => undefined,
  runbook: () => undefined,
  configuration: () => undefined,
};

const exported = (steps: ExportedRunbook['steps']): ExportedRunbook => ({
  name: 'Close ticket',
  description: '',
  category: '',
  tags: [],
  inputs: [],
  steps,
  edges: [{ from: 'start', kind: 'next', to: 'end' }],
});

describe('importedGraph', () => {
  it('reads the file’s runbook as a graph with its layout', () => {
    const graph = importedGraph(
      exported([
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'end', name: 'End', type: 'end' },
      ]),
      { start: { x: 1, y: 2 } },
      noIds,
    );
    expect(graph.steps.map((step) => step.id)).toEqual(['start', 'end']);
    expect(graph.positions).toEqual({ start: { x: 1, y: 2 } });
  });

  it('refuses a runbook that does not read, naming it and the part at fault', () => {
    expect(() => importedGraph(exported([{ id: 'start', name: 'Start', type: 'nope' }]), {}, noIds)).toThrow(
      /^This file cannot be imported: "Close ticket" steps\.0/,
    );
  });
});

describe('importedTestCases', () => {
  const recorded = (runbook: string | null) => ({
    runbook,
    stepId: 'call',
    request: null,
    response: null,
    error: 'offline',
  });
  const testCase = (name: string): TestCaseContent => ({
    name,
    inputs: {},
    client: '',
    recordings: [recorded(null), recorded('Open ticket'), recorded('Gone')],
    outcome: { status: 'succeeded', message: null, path: [], outputs: {} },
    expectations: [],
  });

  it('gives each case a new id, a millisecond apart in the file’s order, its child recordings by id here', () => {
    const rows = importedTestCases(
      [testCase('first'), testCase('second')],
      'book',
      '2026-01-01T00:00:00.000Z',
      (name) => (name === 'Open ticket' ? 'child-here' : undefined),
    );
    expect(rows.map((row) => [row.name, row.runbookId, row.createdAt])).toEqual([
      ['first', 'book', '2026-01-01T00:00:00.000Z'],
      ['second', 'book', '2026-01-01T00:00:00.001Z'],
    ]);
    expect(rows[0]?.recordings.map((recording) => recording.runbookId)).toEqual([null, 'child-here', null]);
    expect(new Set(rows.map((row) => row.id)).size).toBe(2);
  });
});
