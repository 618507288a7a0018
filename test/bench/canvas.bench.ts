/**
 * The designer canvas in Chromium with 100, 1,000 and 5,000 steps, against the headless shell:
 * time from navigating the running app to `#/runbooks/<id>` until every step and edge in view is
 * drawn (large runbooks put only those in the page; small ones are all in view), and for the
 * reader until the server's check of the graph has answered, then the frame rate
 * while the pane is dragged in circles for 2 s (frames counted with requestAnimationFrame in the
 * page). The 1,000-step case is judged against fixed targets: open within 1 s, and frames within
 * the 20 ms of 50 fps.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page, Response } from 'playwright-core';
import { httpApi, type TypedApi } from '../../electron/services/testSupport/typedApi';
import type { CallInput } from '../../shared/api/contract';
import { launchChromium } from '../e2e/support/browser';
import { startServe } from '../e2e/support/serveProcess';
import { median, ratioResult, type BenchResult } from './benchResult';

const sizes = [100, 1_000, 5_000] as const;
const judgedSize = 1_000;
/** Fresh opens per size; one at 5,000 steps, where the server's check of the graph takes long. */
const opensOf = (size: number) => (size >= 5_000 ? 1 : 3);
const panMs = 2_000;
const drawTimeoutMs = 120_000;
/** The designer asks the server to check the graph (runbooks.validate) after showing it. */
const validateTimeoutMs = 300_000;
const openTargetMs = 1_000;
const frameTargetMs = 1_000 / 50;
const cell = { width: 240, height: 140 };
const viewport = { width: 1440, height: 900 };

/** A draft as runbooks.update takes it, with the parts the page script reads given. */
type GridDraft = Pick<
  Required<NonNullable<CallInput<'runbooks.update'>['draft']>>,
  'steps' | 'edges' | 'positions'
>;

/**
 * Start, then method / Set variables / Delay steps in turn, then End: one chain laid out as a
 * snake over a grid about twice as wide as it is tall.
 */
function gridDraft(stepCount: number, methodId: string): GridDraft {
  const middle = Array.from({ length: stepCount - 2 }, (_, index) => {
    const id = `s_${String(index + 1)}`;
    const name = `Step ${String(index + 1)}`;
    switch (index % 3) {
      case 0:
        return { id, name, type: 'method' as const, methodId, arguments: { id: String(index) } };
      case 1:
        return {
          id,
          name,
          type: 'setVariables' as const,
          assignments: [{ name: 'n', value: String(index) }],
        };
      default:
        return { id, name, type: 'delay' as const, seconds: '0' };
    }
  });
  const steps = [
    { id: 'start', name: 'Start', type: 'start' as const },
    ...middle,
    { id: 'done', name: 'Done', type: 'end' as const },
  ];
  const columns = Math.ceil(Math.sqrt(stepCount * 2));
  return {
    steps,
    edges: steps.slice(1).map((step, index) => ({
      from: steps[index]?.id ?? '',
      kind: steps[index]?.type === 'method' ? ('success' as const) : ('next' as const),
      to: step.id,
    })),
    positions: Object.fromEntries(
      steps.map((step, index) => {
        const row = Math.floor(index / columns);
        const column = row % 2 === 0 ? index % columns : columns - 1 - (index % columns);
        return [step.id, { x: column * cell.width, y: row * cell.height }];
      }),
    ),
  };
}

export async function createRunbooks({
  call,
}: TypedApi): Promise<Map<number, { id: string; draft: GridDraft }>> {
  const { id: integrationId } = await call('integrations.create', {
    details: { name: 'Bench', category: 'Other' },
  });
  await call('integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: 'http://127.0.0.1:9' },
  });
  const { id: methodId } = await call('methods.create', {
    integrationId,
    definition: { name: 'Get ticket', httpMethod: 'GET', path: '/tickets/{id}' },
  });
  const ids = new Map<number, { id: string; draft: GridDraft }>();
  for (const size of sizes) {
    const { id } = await call('runbooks.create', {
      details: { name: `Canvas ${String(size)}` },
    });
    const draft = gridDraft(size, methodId);
    await call('runbooks.update', { id, draft });
    ids.set(size, { id, draft });
  }
  return ids;
}

/** Milestones of one open, in ms from the address change (measured in the page). */
interface OpenMarks {
  /** Every step in view is in the DOM (hidden until React Flow has measured it). */
  nodes: number;
  /** Every step in view is measured and shown. */
  measured: number;
  /** Every edge in view is drawn. */
  edges: number;
  /** Two animation frames later: painted, not just put in the DOM. */
  painted: number;
  /** How many steps were in view. */
  inView: number;
}

/** A step's box as the canvas draws it (stepNodeLayout: fixed 180 × 64). */
const stepBox = { width: 180, height: 64 };

/**
 * Opens the runbook from inside the running app (as a click in the list does: the address's hash
 * changes, the page stays) and waits, checking once a frame, until every step in view is measured
 * and every edge in view drawn. Large runbooks put only what is in view in the page, so "in view"
 * is worked out from the steps' positions and the pane's current transform, the way React Flow
 * does (any overlap with the pane), once the Start step is shown and the view has settled.
 * Runs in the page, which has a DOM, so it is passed as a string.
 */
function openScript(runbookId: string, draft: GridDraft): string {
  const boxes = draft.steps.map((step) => draft.positions[step.id] ?? { x: 0, y: 0 });
  const index = new Map(draft.steps.map((step, position) => [step.id, position]));
  const links = draft.edges.map((edge) => [index.get(edge.from) ?? 0, index.get(edge.to) ?? 0]);
  return `new Promise((resolve, reject) => {
    const boxes = ${JSON.stringify(boxes)};
    const links = ${JSON.stringify(links)};
    const size = ${JSON.stringify(stepBox)};
    const started = performance.now();
    const marks = {};
    let lastTransform = '';
    const inView = () => {
      const viewport = document.querySelector('.react-flow__viewport');
      const flow = document.querySelector('.react-flow');
      if (viewport === null || flow === null) return null;
      const matrix = new DOMMatrixReadOnly(getComputedStyle(viewport).transform);
      const zoom = matrix.a;
      const view = { x: -matrix.e / zoom, y: -matrix.f / zoom, width: flow.clientWidth / zoom, height: flow.clientHeight / zoom };
      const overlaps = (x, y, x2, y2) =>
        Math.min(x2, view.x + view.width) - Math.max(x, view.x) > 0 &&
        Math.min(y2, view.y + view.height) - Math.max(y, view.y) > 0;
      const nodes = boxes.filter((box) => overlaps(box.x, box.y, box.x + size.width, box.y + size.height)).length;
      const edges = links.filter(([from, to]) => {
        const a = boxes[from], b = boxes[to];
        const x = Math.min(a.x, b.x), y = Math.min(a.y, b.y);
        const x2 = Math.max(a.x, b.x) + size.width, y2 = Math.max(a.y, b.y) + size.height;
        return overlaps(x, y, x2 === x ? x2 + 1 : x2, y2 === y ? y2 + 1 : y2);
      }).length;
      return { nodes, edges, transform: matrix.toString() };
    };
    const check = () => {
      const now = performance.now();
      const expected = inView();
      const nodes = document.querySelectorAll('.react-flow__node');
      const start = document.querySelector('.react-flow__node[data-id="start"]');
      const isSettled = expected !== null && start !== null && expected.transform === lastTransform;
      lastTransform = expected?.transform ?? '';
      if (isSettled && marks.nodes === undefined && nodes.length >= expected.nodes) marks.nodes = now - started;
      if (marks.nodes !== undefined && marks.measured === undefined &&
          [...nodes].every((node) => node.style.visibility !== 'hidden')) marks.measured = now - started;
      if (marks.measured !== undefined &&
          document.querySelectorAll('.react-flow__edge').length >= expected.edges) {
        marks.edges = now - started;
        requestAnimationFrame(() => requestAnimationFrame(() =>
          resolve({ ...marks, painted: performance.now() - started, inView: expected.nodes })));
        return;
      }
      if (now - started > ${String(drawTimeoutMs)}) {
        reject(new Error('not drawn in time: ' + JSON.stringify({ marks, expected, nodes: nodes.length })));
        return;
      }
      requestAnimationFrame(check);
    };
    window.location.hash = ${JSON.stringify(`#/runbooks/${encodeURIComponent(runbookId)}`)};
    requestAnimationFrame(check);
  })`;
}

/** A point of the pane with no step, edge or control on it, near the middle of the canvas. */
const findEmptyPanePoint = `(() => {
  const pane = document.querySelector('.react-flow__pane')?.getBoundingClientRect();
  if (pane === undefined) return null;
  const centre = { x: (pane.left + pane.right) / 2, y: (pane.top + pane.bottom) / 2 };
  for (let radius = 0; radius < Math.min(pane.width, pane.height) / 2 - 20; radius += 4) {
    for (let angle = 0; angle < 360; angle += 15) {
      const x = centre.x + radius * Math.cos((angle * Math.PI) / 180);
      const y = centre.y + radius * Math.sin((angle * Math.PI) / 180);
      if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
    }
  }
  return null;
})()`;

/** Records the time of every animation frame until stopFrames is run. */
const startFrames = `(() => {
  const state = { frames: [], isRunning: true };
  window.benchFrames = state;
  const tick = (time) => {
    state.frames.push(time);
    if (state.isRunning) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;
const stopFrames = `(() => {
  window.benchFrames.isRunning = false;
  return window.benchFrames.frames;
})()`;

/** Drags the pane in circles for `panMs`; returns frames per second and the longest frame. */
async function panFrameRate(page: Page): Promise<{ fps: number; longestMs: number }> {
  const start = await page.evaluate<{ x: number; y: number } | null>(findEmptyPanePoint);
  if (start === null) throw new Error('no empty spot on the canvas to drag');
  const transformOf = () =>
    page.evaluate<string>(`getComputedStyle(document.querySelector('.react-flow__viewport')).transform`);
  const before = await transformOf();
  const seen = new Set<string>();
  await page.evaluate(startFrames);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const began = performance.now();
  for (let elapsed = 0; elapsed < panMs; elapsed = performance.now() - began) {
    const angle = (elapsed / 1_000) * 2 * Math.PI;
    await page.mouse.move(start.x + 150 * Math.sin(angle), start.y + 100 * (1 - Math.cos(angle)));
    await new Promise((resolve) => setTimeout(resolve, 8));
    if (seen.size < 3) seen.add(await transformOf());
  }
  await page.mouse.up();
  // Frames counted while nothing moved would say nothing about panning.
  if (![...seen].some((transform) => transform !== before))
    throw new Error(`the pane did not move while dragged (transform stayed ${before})`);
  const frames = await page.evaluate<number[]>(stopFrames);
  const first = frames[0] ?? 0;
  const last = frames[frames.length - 1] ?? first;
  let longestMs = 0;
  for (let index = 1; index < frames.length; index += 1)
    longestMs = Math.max(longestMs, (frames[index] ?? 0) - (frames[index - 1] ?? 0));
  return { fps: last > first ? ((frames.length - 1) * 1_000) / (last - first) : 0, longestMs };
}

interface SizeFigures {
  opens: OpenMarks[];
  /** From the address change until the answer of runbooks.validate (problems shown). */
  validatedMs: number[];
  frameMs: number[];
  longestMs: number[];
}

const medianOf = (opens: OpenMarks[], mark: keyof OpenMarks) => median(opens.map((open) => open[mark]));

function describeSize(size: number, figures: SizeFigures | undefined): string {
  if (figures === undefined) return `${size.toLocaleString('en')}: -`;
  const { opens } = figures;
  return (
    `${size.toLocaleString('en')}: ${medianOf(opens, 'painted').toFixed(0)} ms ` +
    `(${medianOf(opens, 'inView').toFixed(0)} in view; in DOM ${medianOf(opens, 'nodes').toFixed(0)}, measured ${medianOf(opens, 'measured').toFixed(0)}, ` +
    `edges ${medianOf(opens, 'edges').toFixed(0)}; problems after ${median(figures.validatedMs).toFixed(0)}), ` +
    `${(1_000 / median(figures.frameMs)).toFixed(0)} fps ` +
    `(longest frame ${median(figures.longestMs).toFixed(0)} ms)`
  );
}

export async function benchCanvas(): Promise<BenchResult[]> {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-bench-canvas-'));
  const server = await startServe({
    dataDirectory,
    command: [process.execPath, 'dist/headless/cli.cjs', 'serve'],
  });
  let browser: Browser | undefined;
  const figures = new Map<number, SizeFigures>();
  try {
    const runbookIds = await createRunbooks(httpApi({ origin: server.origin, token: server.token }));
    browser = await launchChromium();
    for (const size of sizes) {
      const figure: SizeFigures = { opens: [], validatedMs: [], frameMs: [], longestMs: [] };
      figures.set(size, figure);
      for (let round = 0; round < opensOf(size); round += 1) {
        // A fresh page each time: nothing of the previous open is kept in the page.
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        await page.goto(server.url);
        await page.getByRole('link', { name: 'Runbooks' }).first().waitFor();
        const isValidate = (response: Response) => response.url().endsWith('/api/runbooks.validate');
        const validated = page.waitForResponse(isValidate, { timeout: validateTimeoutMs });
        validated.catch(() => undefined); // awaited below; an open that fails is reported first
        const began = performance.now();
        const runbook = runbookIds.get(size);
        if (runbook === undefined) throw new Error(`no runbook of ${String(size)} steps`);
        figure.opens.push(await page.evaluate<OpenMarks>(openScript(runbook.id, runbook.draft)));
        // Pan once the server has answered, so the frames show panning, not the problems arriving.
        await validated;
        figure.validatedMs.push(performance.now() - began);
        const { fps, longestMs } = await panFrameRate(page);
        figure.frameMs.push(1_000 / fps);
        figure.longestMs.push(longestMs);
        await context.close();
      }
    }
  } finally {
    await browser?.close();
    await server.stop();
    fs.rmSync(dataDirectory, { recursive: true, force: true });
  }

  const summary = sizes.map((size) => describeSize(size, figures.get(size))).join('; ');
  const judged = figures.get(judgedSize) ?? { opens: [], validatedMs: [], frameMs: [], longestMs: [] };
  const open = ratioResult(
    `canvas: open ${judgedSize.toLocaleString('en')} steps in Chromium vs ${openTargetMs.toLocaleString('en')} ms`,
    judged.opens.map((marks) => marks.painted),
    [openTargetMs],
    1,
    'open vs target',
  );
  const pan = ratioResult(
    `canvas: frame time panning ${judgedSize.toLocaleString('en')} steps vs ${frameTargetMs.toFixed(0)} ms (50 fps)`,
    judged.frameMs,
    [frameTargetMs],
    1,
    'frame vs target',
  );
  return [
    { ...open, detail: `${open.detail}; ${summary}` },
    { ...pan, detail: `${pan.detail}; ${summary}` },
  ];
}
