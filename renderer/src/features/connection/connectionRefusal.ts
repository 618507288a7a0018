/**
 * Where the connection form shows a refusal of `integrations.updateDefinition` (refusalPlace.ts):
 * the fields it shows a message at for this definition, and the names of its parts as it labels
 * them, for a refusal of any other field (a stored value's name or label, the proxy's CA
 * certificate), which the form would otherwise not show at all.
 */
import { authTypeDescriptorOf } from '../../../../shared/auth/authTypeRegistry';
import { matchesSettings } from '../../../../shared/auth/settingsPath';
import type { IntegrationDefinition } from '../../../../shared/domain/integrationDefinition';
import type { PartNames } from '../../app/refusalPlace';
import { rateLimitFields } from './rateLimitProblems';

/** The form's parts by path in the definition (`#`: a row, numbered from 1 as the form does). */
export const connectionPartNames: PartNames = {
  protocol: 'Protocol',
  baseUrlMode: 'Base URL',
  baseUrl: 'Base URL',
  auth: 'Authorization',
  behaviour: 'Behaviour',
  'behaviour.retry': 'Retry',
  'behaviour.throttle': 'Throttle handling',
  'behaviour.proxy': 'Proxy',
  'behaviour.proxy.url': 'Proxy URL',
  'behaviour.proxy.caCertificate': 'Proxy CA certificate',
  'behaviour.rateLimits': 'Rate limits',
  ...Object.fromEntries(rateLimitFields.map((field) => [`behaviour.rateLimits.${field.name}`, field.label])),
  proxyPassword: 'Proxy password',
  variablePrefix: 'Variable prefix',
  customFields: 'Stored values',
  'customFields.#': 'Field #',
  'customFields.#.name': 'Field # name',
  'customFields.#.label': 'Field # label',
  'customFields.#.type': 'Field # type',
};

/** The paths (without "definition.") the form shows a message at while it edits `definition`. */
export function connectionFieldsShown(definition: IntegrationDefinition): ReadonlySet<string> {
  const shown = new Set(['variablePrefix']);
  if (definition.protocol !== 'rest') return shown;
  if (definition.baseUrlMode === 'fixed') shown.add('baseUrl');
  for (const field of authTypeDescriptorOf(definition.auth.type).settingsFields) {
    if (matchesSettings(definition.auth, field.when)) shown.add(`auth.${field.path}`);
  }
  const { retry, throttle, proxy } = definition.behaviour;
  if (retry.isEnabled) shown.add('behaviour.retry.maxAttempts');
  if (throttle.isEnabled) shown.add('behaviour.throttle.maxTotalWaitMs');
  if (proxy.isEnabled) shown.add('behaviour.proxy.url').add('proxyPassword');
  for (const field of rateLimitFields) shown.add(`behaviour.rateLimits.${field.name}`);
  return shown;
}
