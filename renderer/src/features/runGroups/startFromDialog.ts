/**
 * What the Run dialog's Start run does with its client choice: one run (for no client or one),
 * followed in the designer's bar; or a run group, whose page then opens.
 */
import { api } from '../../api/client';
import { navigate } from '../../app/route';
import type { RunInputValues } from '../runbooks/runInputValues';
import { groupClientsOf, type ClientChoice } from './clientChoice';

export async function startFromDialog(
  runbookId: string,
  inputs: RunInputValues,
  choice: ClientChoice,
  startOne: (client: string) => Promise<void>,
  saveDraft: () => Promise<unknown>,
): Promise<void> {
  const clients = groupClientsOf(choice);
  if (clients === undefined || choice.mode === 'one') {
    await startOne(choice.mode === 'one' ? choice.client : '');
    return;
  }
  await saveDraft();
  const group = await api.call('runGroups.start', {
    runbookId,
    clients,
    concurrency: choice.concurrency,
    inputs,
  });
  navigate({ area: 'runs', groupId: group.id });
}
