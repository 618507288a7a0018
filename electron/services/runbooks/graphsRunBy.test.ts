/** The graphs a run may run: its own and its Run runbook steps' runbooks, each loaded once, as the engine would. */
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema, type RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { graphsRunBy, type GraphLoader } from './graphsRunBy';

/** A graph whose steps run `children` one after the other, named by `name` (its End's message). */
function graphRunning(name: string, children: readonly string[]): RunbookGraph {
  const ids = ['start', ...children.map((_, index) => `run${String(index)}`), 'end'];
  return runbookGraphSchema.parse({
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      ...children.map((runbookId, index) => ({
        id: `run${String(index)}`,
        name: `Run ${runbookId}`,
        type: 'runRunbook',
        runbookId,
      })),
      { id: 'end', name: 'End', type: 'end', message: name },
    ],
    edges: ids.slice(0, -1).map((from, index) => ({
      from,
      kind: index === 0 ? 'next' : 'success',
      to: ids[index + 1],
    })),
  });
}

const nameOf = (graph: RunbookGraph) => {
  const end = graph.steps.find((step) => step.type === 'end');
  return end?.type === 'end' ? end.message : '';
};

/** Drafts and published versions by runbook id; records each load. */
function loaderOf(
  drafts: Record<string, RunbookGraph>,
  published: Record<string, RunbookGraph> = {},
): GraphLoader & { loads: string[] } {
  const loads: string[] = [];
  const load: GraphLoader = (id, { isPublishedRun }) => {
    loads.push(`${isPublishedRun ? 'published' : 'draft'} ${id}`);
    const version = isPublishedRun ? published[id] : undefined;
    if (version !== undefined) return { graph: version, versionId: `v-${id}` };
    const draft = drafts[id];
    return draft === undefined ? undefined : { graph: draft, versionId: null };
  };
  return Object.assign(load, { loads });
}

describe('graphsRunBy', () => {
  it('reads the runbooks a draft runs, however deep, as drafts', () => {
    const load = loaderOf({ b: graphRunning('b draft', ['c']), c: graphRunning('c draft', []) });
    const graphs = graphsRunBy(graphRunning('a', ['b']), false, load);
    expect(graphs.map(nameOf)).toEqual(['a', 'b draft', 'c draft']);
  });

  it('reads a runbook that runs itself, or runs one that runs it, once', () => {
    const load = loaderOf({
      a: graphRunning('a', ['a', 'b']),
      b: graphRunning('b', ['a', 'b']),
    });
    const graphs = graphsRunBy(graphRunning('a', ['a', 'b']), false, load);
    expect(graphs.map(nameOf)).toEqual(['a', 'a', 'b']);
    expect(load.loads).toEqual(['draft a', 'draft b']);
  });

  it('reads a published run’s children as their published versions, and a child without one as its draft with drafts below', () => {
    const load = loaderOf(
      { b: graphRunning('b draft', ['c']), c: graphRunning('c draft', []), d: graphRunning('d draft', []) },
      { b: graphRunning('b v1', ['d']), c: graphRunning('c v1', []) },
    );
    expect(graphsRunBy(graphRunning('a', ['b']), true, load).map(nameOf)).toEqual(['a', 'b v1', 'd draft']);
    expect(load.loads).toEqual(['published b', 'published d']);
  });

  it('skips a runbook that no longer exists', () => {
    const load = loaderOf({ c: graphRunning('c', []) });
    expect(graphsRunBy(graphRunning('a', ['gone', 'c']), false, load).map(nameOf)).toEqual(['a', 'c']);
  });
});
