/**
 * A value clicked in a step Test's answer becomes an output variable of the step's method: the
 * method is saved with it at once, so later steps can read it.
 */
import type { OutputVariable } from '../../../../../shared/domain/method';
import { api } from '../../../api/client';
import { invalidateCalls } from '../../../api/resources';
import { messageOf } from '../../../app/errorMessage';
import { useNoticeStore } from '../../../app/noticeStore';
import type { CatalogMethod } from '../methodCatalog';

/** Saves the method with one more output variable and says so (or why not). */
export async function addOutputToMethod(method: CatalogMethod, output: OutputVariable): Promise<void> {
  const notices = useNoticeStore.getState();
  try {
    await api.call('methods.update', {
      id: method.id,
      definition: { ...method.definition, outputs: [...method.definition.outputs, output] },
    });
    await invalidateCalls(['methods.list']);
    notices.show('success', `Added output variable ${output.name} to ${method.definition.name}`);
  } catch (caught) {
    notices.show('error', messageOf(caught));
  }
}
