/**
 * The integrations list's filters (kept while the user goes elsewhere and comes back) and the
 * list they select, read from the shared resource cache (events keep it fresh).
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { CallOutput } from '../../../../shared/api/contract';
import { useCall } from '../../api/resources';
import { messageOf } from '../../app/errorMessage';
import { useDebouncedValue } from '../../app/useDebouncedValue';

interface IntegrationFilters {
  search: string;
  category: string;
}

export const useIntegrationFilters = create<IntegrationFilters>()(() => ({ search: '', category: '' }));

export interface IntegrationList {
  list: CallOutput<'integrations.list'> | undefined;
  error: string | null;
}

/** The integrations the filters select; the previous answer stays on screen while the next loads. */
export function useIntegrationList(): IntegrationList {
  const filters = useDebouncedValue(useIntegrationFilters(useShallow((state) => state)));
  const { data, error } = useCall('integrations.list', filters, { keepPrevious: true });
  return { list: data, error: error === null ? null : messageOf(error) };
}
