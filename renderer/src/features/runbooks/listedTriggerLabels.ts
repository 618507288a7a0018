/**
 * The words of the runbooks list's triggers column: the webhook on or off, the schedule active
 * (with its next time) or paused, or that nothing triggers the runbook on its own.
 */
import type { CallOutput } from '../../../../shared/api/contract';

type ListedTriggers = CallOutput<'runbooks.list'>['items'][number]['triggers'];

/** One label of the column: its text, whether the trigger acts now, and a longer title. */
export interface TriggerLabel {
  text: string;
  isActive: boolean;
  title: string;
}

/** The labels of a runbook's triggers; `formatTime` writes the schedule's next time. */
export function listedTriggerLabels(
  triggers: ListedTriggers,
  formatTime: (iso: string) => string,
): TriggerLabel[] {
  const labels: TriggerLabel[] = [];
  if (triggers?.webhook != null) {
    const { isEnabled } = triggers.webhook;
    labels.push({
      text: isEnabled ? 'Webhook on' : 'Webhook off',
      isActive: isEnabled,
      title: isEnabled ? 'Its webhook starts runs' : 'Its webhook refuses deliveries',
    });
  }
  if (triggers?.schedule != null) {
    const { isPaused, nextAt } = triggers.schedule;
    labels.push(
      isPaused
        ? { text: 'Schedule paused', isActive: false, title: 'Its schedule fires nothing until resumed' }
        : {
            text: nextAt === null ? 'Schedule on' : `Next ${formatTime(nextAt)}`,
            isActive: true,
            title:
              nextAt === null ? 'Its schedule is on' : `Its schedule runs it next at ${formatTime(nextAt)}`,
          },
    );
  }
  if (labels.length === 0)
    labels.push({
      text: triggers === null ? 'No triggers' : 'By hand only',
      isActive: false,
      title:
        triggers === null
          ? 'Webhook and schedule run a published version; this runbook has none available'
          : 'Neither a webhook nor a schedule starts it',
    });
  return labels;
}
