/**
 * The runbook file a command-line test runs: authored in a data folder of its own, as a teammate
 * would, and exported into the test's folder, so the command line starts from the file alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CallInput } from '../../../shared/api/contract';
import { startBackend, stopBackend } from '../../../electron/services/testSupport/temporaryBackend';
import { inProcessApi, type TypedApi } from '../../../electron/services/testSupport/typedApi';

type Draft = NonNullable<CallInput<'runbooks.update'>['draft']>;

/**
 * Creates the runbook `name` whose draft `author` answers (after adding what it needs:
 * integrations, methods), exports it into `directory`, and answers the file's path.
 */
export async function exportedRunbook(
  directory: string,
  name: string,
  author: (call: TypedApi['call']) => Draft | Promise<Draft>,
): Promise<string> {
  const backend = startBackend();
  try {
    const { call } = inProcessApi(backend);
    const draft = await author(call);
    const { id } = await call('runbooks.create', { details: { name } });
    await call('runbooks.update', { id, draft });
    const { content, fileName } = await call('runbooks.export', { id });
    const file = path.join(directory, fileName);
    fs.writeFileSync(file, content);
    return file;
  } finally {
    stopBackend(backend);
  }
}
