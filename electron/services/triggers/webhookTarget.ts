/** What the webhook listener delivers to for a runbook — its rules and how it starts — read anew for each delivery, apart from the service that owns the listener. */
import { webhookTriggerSchema, type StartStep } from '../../../shared/runbook/stepTypes';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { TriggeredVersion } from '../runbooks/publishedVersions';
import type { DeliveryDependencies } from './webhookDelivery';

/** The webhook's answer while a runbook has no available published version (none, or all switched off). */
export const notPublishedRefusal = {
  status: 409,
  code: 'not_published',
  message:
    'No published version of this runbook is available: publish it, or switch a version back on, to run it from its webhook.',
} as const;

export interface WebhookTargetSources {
  hasRunbook(runbookId: string): boolean;
  /** The version triggers run (the latest available one), or undefined when there is none. */
  triggeredVersion(runbookId: string): TriggeredVersion | undefined;
  /** The published Start step with the draft's switches. */
  triggeredStart(runbookId: string, published: RunbookGraph): StartStep | undefined;
  /** The webhook's secret in clear; throws when it no longer decrypts. */
  readSecret(runbookId: string): string | undefined;
  /** Starts the version with the delivery's inputs, payload and credentials to mask. */
  startRun(
    runbookId: string,
    version: TriggeredVersion,
    inputs: Record<string, unknown>,
    payload: unknown,
    maskedValues?: readonly string[],
  ): string;
}

/**
 * The runbook's webhook as the latest available version and the draft's switch say now: undefined
 * when the runbook is gone or its webhook off, a refusal while nothing is published.
 */
export function webhookTargetFor(sources: WebhookTargetSources): DeliveryDependencies['target'] {
  return (runbookId) => {
    if (!sources.hasRunbook(runbookId)) return undefined;
    const version = sources.triggeredVersion(runbookId);
    if (version === undefined) return { refusal: notPublishedRefusal };
    const start = sources.triggeredStart(runbookId, version.graph);
    if (start?.webhook?.isEnabled !== true) return undefined;
    const trigger = webhookTriggerSchema.parse(start.webhook);
    return {
      rules: {
        trigger,
        // A webhook without authentication neither needs nor checks a secret: one that no
        // longer decrypts must not stop it.
        secret: trigger.authentication === 'none' ? undefined : sources.readSecret(runbookId),
        inputs: version.graph.inputs,
      },
      // The version whose rules judged the delivery is the one that runs.
      start: (inputs, payload, maskedValues) =>
        sources.startRun(runbookId, version, inputs, payload, maskedValues),
    };
  };
}
