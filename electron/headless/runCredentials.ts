/**
 * Credentials a CI job gives `runbook-designer run` without starting the app to store them:
 * environment variables `RUNBOOK_DESIGNER_SECRET_<INTEGRATION>_<FIELD>` and a secrets file
 * (`--secrets-file`, a JSON object of integration name → { field: value }). They are used for
 * that run only — laid over the configuration each request would use, never written — and
 * masked like stored secrets. Messages here name variables, integrations and fields, never values.
 */
import { exchangeableText } from '../../shared/io/exchangeText';
import fs from 'node:fs';
import {
  baseUrlField,
  type CredentialOverrides,
  type OverriddenIntegration,
} from '../services/configurations/credentialOverrides';
import { isSecretField } from '../../shared/auth/authTypeDescriptor';
import { baseUrlProblem, withoutUserInfo } from '../../shared/domain/baseUrl';
import { configurationFieldsOf } from '../../shared/domain/integrationDefinition';
import { UsageError } from './usageError';

export const secretVariablePrefix = 'RUNBOOK_DESIGNER_SECRET_';

/** `Ticket API` → `TICKET_API`, `Café 2` → `CAFE_2`: letters and digits, the rest one `_`. */
const integrationPartOf = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();

/** `clientSecret` → `CLIENT_SECRET`, `baseUrl` → `BASE_URL`. */
const fieldPartOf = (field: string) => field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** The environment variable that gives one field of one integration. */
export function secretVariableOf(integrationName: string, field: string): string {
  return `${secretVariablePrefix}${integrationPartOf(integrationName)}_${fieldPartOf(field)}`;
}

/**
 * How a file's integration names meet the data folder's: ignoring case and surrounding spaces, and
 * a name saved before the one-line rule (a tab in "Help\tdesk") as its export writes it ("Help desk").
 */
const nameKey = (name: string) => exchangeableText(name, false).trim().toLowerCase();

/** The fields a configuration of this integration fills, and the base URL. */
const fieldNamesOf = (integration: OverriddenIntegration) => [
  ...configurationFieldsOf(integration.definition).map((field) => field.name),
  baseUrlField,
];

/** What was given, checked against the data folder's integrations. */
export interface CredentialCheck {
  /** Mistakes that stop the run (a field the integration does not have). */
  errors: string[];
  /** Given names no integration here has (a shared secrets file may name others' integrations). */
  warnings: string[];
  /** The values to mask in what the command prints: all given but base URLs and plain fields. */
  secretValues: string[];
}

export interface RunCredentials {
  /** What the backend lays over its stored configurations (BackendOptions.commandLine). */
  overrides: CredentialOverrides;
  check(integrations: readonly OverriddenIntegration[]): CredentialCheck;
}

type SecretsFile = Record<string, Record<string, string>>;

function readSecretsFile(file: string): SecretsFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    // A JSON syntax error quotes the text around it: say where, never what.
    const reason =
      error instanceof SyntaxError
        ? 'it is not valid JSON'
        : ((error as NodeJS.ErrnoException).code ?? 'it cannot be read');
    throw new UsageError(`--secrets-file ${file} cannot be used: ${reason}.`);
  }
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const shape = `--secrets-file ${file} must hold {"<integration name>": {"<field>": "<value>"}}`;
  if (!isObject(parsed)) throw new UsageError(`${shape}.`);
  const secrets: SecretsFile = {};
  for (const [integration, fields] of Object.entries(parsed)) {
    if (!isObject(fields)) throw new UsageError(`${shape}; "${integration}" is not an object.`);
    const strings: Record<string, string> = {};
    for (const [field, value] of Object.entries(fields)) {
      if (typeof value !== 'string')
        throw new UsageError(`${shape}; "${integration}" → "${field}" is not a string.`);
      if (value !== '') strings[field] = value;
    }
    secrets[nameKey(integration)] = { ...secrets[nameKey(integration)], ...strings };
  }
  return secrets;
}

/**
 * Reads the credentials given to this run: the secrets file (when named) and the environment's
 * RUNBOOK_DESIGNER_SECRET_* variables, which win over the file. Empty values count as not given.
 * Throws a UsageError for a secrets file that cannot be used.
 */
export function readRunCredentials(
  environment: Readonly<Record<string, string | undefined>>,
  secretsFile: string | undefined,
): RunCredentials {
  const file = secretsFile === undefined ? {} : readSecretsFile(secretsFile);
  const variables = new Map(
    Object.entries(environment).flatMap(([name, value]) =>
      name.startsWith(secretVariablePrefix) && value !== undefined && value !== '' ? [[name, value]] : [],
    ),
  );
  const overrides: CredentialOverrides = (integration) => {
    const given: Record<string, string> = { ...file[nameKey(integration.name)] };
    for (const field of fieldNamesOf(integration)) {
      const value = variables.get(secretVariableOf(integration.name, field));
      if (value !== undefined) given[field] = value;
    }
    return Object.keys(given).length === 0 ? undefined : given;
  };
  return { overrides, check: (integrations) => checkGiven(integrations, file, variables) };
}

/**
 * What is wrong with a given base URL, in words that never repeat it: it may hold a password.
 * An address is shown in the run's records and printed by the command, so credentials in it
 * are refused, as the app refuses them in a stored one.
 */
function givenBaseUrlProblem(value: string): string | undefined {
  const address = value.trim();
  if (withoutUserInfo(address) !== address)
    return "holds a user name or password (before the @), which the run's records would show: give them as the integration's credential fields instead";
  if (baseUrlProblem(address, 'configuration') !== undefined)
    return 'is not an http(s) address with a host name, e.g. https://api.example.com/v1';
  return undefined;
}

function checkGiven(
  integrations: readonly OverriddenIntegration[],
  file: SecretsFile,
  variables: ReadonlyMap<string, string>,
): CredentialCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const secretValues: string[] = [];
  const byName = new Map(integrations.map((integration) => [nameKey(integration.name), integration]));
  /** Each variable of a known field: the fields it gives, and whether each is plain (not masked). */
  const targets = new Map<string, { label: string; field: string; isPlain: boolean }[]>();
  const isPlainIn = (integration: OverriddenIntegration) => {
    const fields = configurationFieldsOf(integration.definition);
    return (name: string) =>
      name === baseUrlField || fields.some((field) => field.name === name && !isSecretField(field));
  };
  for (const integration of integrations) {
    const isPlain = isPlainIn(integration);
    for (const field of fieldNamesOf(integration)) {
      const variable = secretVariableOf(integration.name, field);
      const label = `"${integration.name}" → ${field}`;
      targets.set(variable, [...(targets.get(variable) ?? []), { label, field, isPlain: isPlain(field) }]);
    }
  }
  for (const [name, fields] of Object.entries(file)) {
    const integration = byName.get(name);
    if (integration === undefined) {
      warnings.push(`the secrets file names "${name}", which no integration in the data folder is called`);
      secretValues.push(...Object.values(fields));
      continue;
    }
    const known = fieldNamesOf(integration);
    const isPlain = isPlainIn(integration);
    for (const [field, value] of Object.entries(fields)) {
      if (!isPlain(field)) secretValues.push(value);
      const problem = field === baseUrlField ? givenBaseUrlProblem(value) : undefined;
      if (problem !== undefined)
        errors.push(`the secrets file's baseUrl for "${integration.name}" ${problem}`);
      if (!known.includes(field))
        errors.push(
          `the secrets file gives "${integration.name}" a field "${field}" it does not have (its fields: ${known.join(', ')})`,
        );
    }
  }
  for (const [variable, value] of variables) {
    const pointsAt = targets.get(variable) ?? [];
    if (!pointsAt.every((target) => target.isPlain) || pointsAt.length === 0) secretValues.push(value);
    const problem = pointsAt.some((target) => target.field === baseUrlField)
      ? givenBaseUrlProblem(value)
      : undefined;
    if (problem !== undefined) errors.push(`${variable} ${problem}`);
    if (pointsAt.length === 0)
      warnings.push(`${variable} names no field of an integration in the data folder`);
    if (pointsAt.length > 1)
      errors.push(
        `${variable} could be ${pointsAt.map((target) => target.label).join(' or ')}: rename one integration, or use the secrets file`,
      );
  }
  return { errors, warnings, secretValues };
}
