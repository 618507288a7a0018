/** Integration details: create, update, list, delete, logos (PRODUCT.md §1). */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import {
  fixedCategories,
  type Integration,
  type IntegrationDetails,
  type IntegrationQuery,
  type LogoUpload,
} from '../../../shared/domain/integration';
import { secretMask } from '../../../shared/domain/configuration';
import type {
  IntegrationDefinition,
  IntegrationDefinitionView,
} from '../../../shared/domain/integrationDefinition';
import { baseUrlProblem, withUserInfoMasked } from '../../../shared/domain/baseUrl';
import { settingsUserInfoProblem } from '../../../shared/auth/settingsUserInfo';
import { splitProxyPassword } from '../../../shared/domain/proxyAddress';
import { inspectLogo } from '../../../shared/domain/logo';
import type { ApiCallCounts, ApiCallRepository } from '../db/repositories/apiCallRepository';
import type { IntegrationRepository, StoredLogo } from '../db/repositories/integrationRepository';
import { createDeletions, inSlices } from '../db/slices';
import type { EventBus } from '../events/eventBus';
import type { ProxyPasswords } from './proxyPasswords';

const listLimit = 2_000;

export interface IntegrationService {
  list(query: IntegrationQuery): { items: Integration[]; total: number; categories: string[] };
  get(id: string): Integration;
  create(details: IntegrationDetails, logo: LogoUpload | null | undefined): Integration;
  update(id: string, details: IntegrationDetails, logo: LogoUpload | null | undefined): Integration;
  deletionImpact(id: string): {
    configurations: number;
    methods: number;
    runbooks: { id: string; name: string }[];
  };
  /** Deletes the integration with its methods, configurations and call log (the log a slice at a time). */
  delete(id: string): Promise<void>;
  logoDataUrl(id: string): string | null;
  definition(id: string): IntegrationDefinitionView;
  /** proxyPassword: a string replaces it, null or "" clears it, undefined keeps it. */
  updateDefinition(
    id: string,
    definition: IntegrationDefinition,
    proxyPassword?: string | null,
  ): IntegrationDefinitionView;
  callLog(
    id: string,
    limit: number,
  ): { counts: ApiCallCounts; calls: ReturnType<ApiCallRepository['recent']> };
}

export function createIntegrationService(
  repository: IntegrationRepository,
  apiCalls: ApiCallRepository,
  events: EventBus,
  now: () => Date = () => new Date(),
  /**
   * Told after every definition change, saying whether the authorization settings changed
   * (tokens got under the old ones must go).
   */
  onDefinitionChanged: (integrationId: string, change: { isAuthorizationChanged: boolean }) => void = () =>
    undefined,
  proxyPasswords: ProxyPasswords,
): IntegrationService {
  const deletions = createDeletions();
  const get = (id: string): Integration => {
    const row = repository.get(id);
    if (row === undefined) {
      throw new AppError('not_found', 'This integration no longer exists; it may have been deleted.');
    }
    return row;
  };

  const viewOf = (id: string, definition: IntegrationDefinition): IntegrationDefinitionView => {
    const isSet = proxyPasswords.isSet(id);
    return {
      ...definition,
      // One stored before user:password@ was refused: the window never gets the password.
      baseUrl: withUserInfoMasked(definition.baseUrl),
      proxyPassword: { set: isSet, masked: isSet ? secretMask : '' },
    };
  };

  const assertNameFree = (name: string, ownId?: string): void => {
    const existing = repository.findIdByName(name);
    if (existing !== undefined && existing !== ownId) {
      throw new AppError(
        'conflict',
        `An integration named "${name}" already exists; choose another name.`,
        'name',
      );
    }
  };

  return {
    list: (query) => {
      const { items, total } = repository.list({ ...query, limit: listLimit });
      const categories = [...new Set([...fixedCategories, ...repository.categories()])];
      return { items, total, categories };
    },
    get,
    create: (details, logo) => {
      assertNameFree(details.name);
      const storedLogo = logo === null || logo === undefined ? null : decodeLogo(logo);
      const id = crypto.randomUUID();
      const timestamp = now().toISOString();
      repository.insert({ id, ...details, createdAt: timestamp, updatedAt: timestamp });
      if (storedLogo !== null) repository.setLogo(id, storedLogo);
      events.emit({ name: 'integrations.changed', payload: { id, change: 'created' } });
      return get(id);
    },
    update: (id, details, logo) => {
      get(id);
      assertNameFree(details.name, id);
      const storedLogo = logo === null || logo === undefined ? logo : decodeLogo(logo);
      repository.update({ id, ...details, updatedAt: now().toISOString() });
      if (storedLogo !== undefined) repository.setLogo(id, storedLogo);
      events.emit({ name: 'integrations.changed', payload: { id, change: 'updated' } });
      return get(id);
    },
    deletionImpact: (id) => {
      get(id);
      return { ...repository.counts(id), runbooks: repository.runbooksUsing(id) };
    },
    delete: (id) =>
      deletions.once(id, async () => {
        get(id);
        // Its call log first, a slice at a time: 400,000 rows in one statement froze the app ~2 s.
        await inSlices((limit) => apiCalls.deleteSomeOf(id, limit), 1024);
        if (!repository.delete(id)) {
          throw new AppError('not_found', 'This integration no longer exists; it may have been deleted.');
        }
        events.emit({ name: 'integrations.changed', payload: { id, change: 'deleted' } });
      }),
    definition: (id) => {
      const definition = repository.getDefinition(id);
      if (definition === undefined) {
        throw new AppError('not_found', 'This integration no longer exists; it may have been deleted.');
      }
      return viewOf(id, definition);
    },
    updateDefinition: (id, given, proxyPassword) => {
      get(id);
      assertBaseUrlWorks(given);
      assertSettingsWithoutUserInfo(given);
      // A password typed into the address (http://user:pass@host:3128) is taken out of it and
      // stored encrypted as the proxy password; the address keeps the user name only.
      const typed = splitProxyPassword(given.behaviour.proxy.url);
      // Refused even for a disabled proxy: the address is stored and shown all the same.
      if (!typed.isClean) {
        throw new AppError(
          'invalid_input',
          'The proxy address holds a user name or password in a form that cannot be read safely. ' +
            'Enter it as http://user@host:port and the password in the proxy password field.',
          'definition.behaviour.proxy.url',
        );
      }
      const definition = withProxyUrl(given, typed.url);
      if (typed.password !== undefined && proxyPassword && proxyPassword !== typed.password) {
        throw new AppError(
          'invalid_input',
          'The proxy address and the proxy password field give two different passwords; keep one.',
          'proxyPassword',
        );
      }
      const prefix = definition.variablePrefix;
      const owner = prefix === '' ? undefined : repository.findIdByPrefix(prefix);
      if (owner !== undefined && owner !== id) {
        const other = repository.get(owner)?.name ?? 'another integration';
        throw new AppError(
          'conflict',
          `The prefix "${prefix}" is used by ${other}; choose another.`,
          'definition.variablePrefix',
        );
      }
      if (definition.behaviour.proxy.isEnabled && !/^https?:\/\/\S+$/i.test(definition.behaviour.proxy.url)) {
        throw new AppError(
          'invalid_input',
          'Enter the proxy as http://host:port or https://host:port.',
          'definition.behaviour.proxy.url',
        );
      }
      const before = repository.getDefinition(id);
      // A password belongs to the proxy (and user) it was given for: another address forgets
      // it, so it is never sent to a host it was not typed for.
      const isOtherProxy =
        before !== undefined && before.behaviour.proxy.url !== definition.behaviour.proxy.url;
      const password =
        typed.password ?? (proxyPassword !== undefined ? proxyPassword : isOtherProxy ? null : undefined);
      proxyPasswords.transaction(() => {
        repository.setDefinition(id, definition, now().toISOString());
        if (password !== undefined) proxyPasswords.write(id, password);
      });
      // Another token URL, grant, scope or client authentication: a cached token may not fit.
      onDefinitionChanged(id, {
        isAuthorizationChanged:
          before !== undefined && JSON.stringify(before.auth) !== JSON.stringify(definition.auth),
      });
      events.emit({ name: 'integrations.changed', payload: { id, change: 'updated' } });
      return viewOf(id, repository.getDefinition(id) ?? definition);
    },
    callLog: (id, limit) => {
      get(id);
      return { counts: apiCalls.counts(id, now()), calls: apiCalls.recent(id, limit) };
    },
    logoDataUrl: (id) => {
      const logo = repository.getLogo(id);
      return logo === undefined ? null : `data:${logo.mimeType};base64,${logo.data.toString('base64')}`;
    },
  };
}

/**
 * A base URL in use (REST, one for every configuration) must be an http(s) address; one kept
 * behind another choice (per configuration, secrets only) is not shown, so not refused either.
 */
function assertBaseUrlWorks(definition: IntegrationDefinition): void {
  if (definition.protocol !== 'rest' || definition.baseUrlMode !== 'fixed') return;
  const problem = baseUrlProblem(definition.baseUrl, 'integration');
  if (problem !== undefined) throw new AppError('invalid_input', problem.message, 'definition.baseUrl');
}

/** An authorization setting's address (a token URL) with a user name or password goes into exported files. */
function assertSettingsWithoutUserInfo(definition: IntegrationDefinition): void {
  const problem = settingsUserInfoProblem(definition.auth);
  if (problem !== undefined)
    throw new AppError('invalid_input', problem.message, `definition.auth.${problem.path}`);
}

function withProxyUrl(definition: IntegrationDefinition, url: string): IntegrationDefinition {
  const { behaviour } = definition;
  if (url === behaviour.proxy.url) return definition;
  return { ...definition, behaviour: { ...behaviour, proxy: { ...behaviour.proxy, url } } };
}

function decodeLogo(upload: LogoUpload): StoredLogo {
  const data = Buffer.from(upload.base64, 'base64');
  const info = inspectLogo(data);
  return { ...info, data };
}
