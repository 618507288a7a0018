/** Test support: wait for a run started through the backend to end, bounded in time. */
import type { CallOutput } from '../../../shared/api/contract';
import type { Backend } from '../backend';
import { inProcessApi } from './typedApi';
import { isRunGoing } from '../../../shared/domain/runStatus';

export async function waitForRun(
  backend: Backend,
  id: string,
  seconds = 10,
): Promise<CallOutput<'runs.get'>> {
  for (let attempt = 0; attempt < seconds * 20; attempt += 1) {
    const run = await inProcessApi(backend).call('runs.get', { id });
    if (!isRunGoing(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the run did not finish within ${String(seconds)} s`);
}
