/**
 * Test support: an integration whose configurations may hold the given secrets — a Secrets-only
 * one with those fields — since a configuration takes only the secrets its integration reads.
 */
import type { CallOutput } from '../../../shared/api/contract';
import type { TypedApi } from './typedApi';

export async function createSecretsIntegration(
  api: TypedApi,
  details: { name: string; category: string },
  secretNames: readonly string[],
): Promise<CallOutput<'integrations.create'>> {
  const integration = await api.call('integrations.create', { details });
  await api.call('integrations.updateDefinition', {
    id: integration.id,
    definition: {
      protocol: 'secrets',
      customFields: secretNames.map((name) => ({ name, label: name, type: 'password' as const })),
    },
  });
  return integration;
}
