/**
 * Starts the webhook listener and the schedules with the saved settings. "0 picks a free port"
 * happens once: the port found is saved, so webhook addresses stay the same from one start to the
 * next.
 */
import type { Settings } from '../../../shared/domain/settings';
import type { TriggerService } from './triggerService';

export interface StartTriggersDependencies {
  triggers: Pick<TriggerService, 'start' | 'boundPort'>;
  settings: { get(): Settings; update(change: Pick<Settings, 'webhookPort'>): unknown };
  /** True once the backend has closed: nothing is saved then. */
  isClosed(): boolean;
  log(line: string): void;
}

/** Settles once the listener is bound (or has reported why it could not be). */
export async function startTriggers(deps: StartTriggersDependencies): Promise<void> {
  const settings = deps.settings.get();
  await deps.triggers.start(settings);
  const port = deps.triggers.boundPort();
  if (deps.isClosed() || settings.webhookPort !== 0 || port === null) return;
  try {
    deps.settings.update({ webhookPort: port });
  } catch (error) {
    // Kept for this session only; the next start picks a port again.
    deps.log(`the webhook port could not be saved: ${(error as Error).message}`);
  }
}
