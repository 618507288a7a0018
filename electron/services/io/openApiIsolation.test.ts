/**
 * Issue 11, item 4: hostile API descriptions sent through the whole backend are refused naming
 * the budget they exceed, while the backend keeps answering calls and webhook deliveries.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startBackend } from '../testSupport/temporaryBackend';
import { waitForRun } from '../testSupport/runs';
import { hugeExample, refBomb, yamlAliasBomb } from './testSupport/hostileDocuments';
import { inProcessApi } from '../testSupport/typedApi';

type Backend = ReturnType<typeof startBackend>;
const secret = 'whsec-item4-liveness';

/** A published runbook started by a signed webhook; returns a function that delivers to it. */
async function webhookRunbook(backend: Backend) {
  const { id } = await inProcessApi(backend).call('runbooks.create', { details: { name: 'Alive' } });
  await backend.dispatch('runbooks.update', {
    id,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start', webhook: { isEnabled: true, inputMapping: [] } },
        { id: 'done', name: 'Done', type: 'end', outcome: 'succeeded', message: 'alive' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    },
  });
  await backend.dispatch('runbooks.publish', { id, note: '' });
  await backend.dispatch('runbooks.setTriggerSecret', { id, secret });
  const status = await inProcessApi(backend).call('runbooks.triggers', { id });
  const url = status.webhook.url ?? '';
  return async () => {
    const body = JSON.stringify({ at: Date.now() });
    const signature = `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body,
    });
    return { status: answer.status, runId: ((await answer.json()) as { runId: string }).runId };
  };
}

/** How long `call` takes to settle, in ms. */
async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await call();
  return { ms: performance.now() - started, value };
}

describe('hostile OpenAPI documents', () => {
  it('are refused naming the budget while app.info and a webhook delivery still answer promptly', async () => {
    const backend = startBackend();
    await backend.triggersReady;
    const deliver = await webhookRunbook(backend);
    const preview = (source: string) =>
      backend.dispatch('methods.previewOpenApi', { source }).then(
        () => new Error('the hostile document was accepted'),
        (error: unknown) => error,
      );

    let isSettled = false;
    // The huge example passes every budget checked before validation: seconds of real work.
    const refusals = Promise.all([
      preview(yamlAliasBomb()),
      preview(refBomb()),
      preview(hugeExample()),
    ]).finally(() => {
      isSettled = true;
    });
    const probes: { info: number; webhook: number; status: number; runId: string }[] = [];
    do {
      const info = await timed(() => backend.dispatch('app.info', {}));
      const webhook = await timed(deliver);
      probes.push({ info: info.ms, webhook: webhook.ms, ...webhook.value });
    } while (!isSettled);

    const [aliases, refs, huge] = await refusals;
    const refusedFor = (budget: RegExp) => ({
      code: 'invalid_input',
      field: 'source',
      message: expect.stringMatching(budget),
    });
    expect(aliases).toMatchObject(refusedFor(/more than 2,000,000 nodes once its YAML aliases are expanded/));
    expect(refs).toMatchObject(refusedFor(/more than 2,000,000 nodes when its \$refs are followed/));
    // Its body is over the 5 MB a method holds; on a very busy machine it may meet the time budget first.
    expect(huge).toMatchObject(
      refusedFor(
        /^The operation PUT \/huge has a body longer than 5,000,000 characters|took longer than 10 s/,
      ),
    );
    // A liveness bound, not a benchmark: seconds against the minutes the documents took before.
    for (const probe of probes) {
      expect(probe.info).toBeLessThan(2_500);
      expect(probe.webhook).toBeLessThan(4_000);
      expect(probe.status).toBe(202);
    }
    const [first] = probes;
    expect(await waitForRun(backend, first?.runId ?? '')).toMatchObject({
      status: 'succeeded',
      trigger: 'webhook',
    });
  }, 60_000);
});
