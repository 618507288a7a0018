/**
 * Counts changes to a runbook's published versions, so that what shows them (the trigger panel's
 * "Webhook and schedule run version N") reloads at once instead of at its next poll.
 */
import { create } from 'zustand';

interface VersionsState {
  revision: number;
  /** Called after a publish, an availability change or a restore. */
  changed(): void;
}

export const useVersionsStore = create<VersionsState>()((set) => ({
  revision: 0,
  changed: () => set((state) => ({ revision: state.revision + 1 })),
}));
