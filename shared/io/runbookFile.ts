/**
 * The file a runbook is handed on in (PRODUCT.md §5): one JSON document with a `format` name and
 * a `schemaVersion`, holding the runbook, the runbooks it runs, the methods they use and the
 * integration definitions those need — never a secret, token or configuration value. Nothing in
 * it is a database id: methods are named by integration and method name, runbooks by name,
 * configurations by name. Steps and edges are sorted, keys are in a fixed order and canvas
 * positions sit apart from the logic, so exporting twice gives the same bytes and a change shows
 * as a small diff.
 */
import { withoutSettingsUserInfo } from '../auth/settingsUserInfo';
import { baseUrlProblem, withoutUserInfo } from '../domain/baseUrl';
import { outputExpressionProblem } from '../expressions/outputVariableProblem';
import { requiredTextAsWritten, tagsAsWritten } from './exchangeNames';
import { withExchangeableTexts } from './exchangeableTexts';
import type { IntegrationDefinition } from '../domain/integrationDefinition';
import type { MethodDefinition } from '../domain/method';
import { hasRateLimits, type RateLimits } from '../domain/rateLimits';
import { typedCredentialPlace, typedCredentialsOf } from '../domain/typedCredentials';
import type { RunbookGraph } from '../runbook/runbookGraph';
import type { NamesInFile, ReferenceIds, ReferenceNames, WrittenStep } from '../runbook/steps/stepReferences';
import { descriptorNamed, descriptorOf } from '../runbook/steps/stepRegistry';
import type { Step } from '../runbook/stepTypes';
import type { TestCaseContent } from '../rehearsal/testCase';

export const runbookFileFormat = 'runbook-designer/runbook';
export const runbookFileSchemaVersion = 1;

export interface ExportedIntegration {
  name: string;
  category: string;
  description: string;
  versionLabel: string;
  definition: IntegrationDefinition;
  methods: MethodDefinition[];
}

export interface ExportedRunbook {
  name: string;
  description: string;
  category: string;
  tags: string[];
  inputs: RunbookGraph['inputs'];
  /** Steps with references by name, as each step type writes them (its `references.file`). */
  steps: WrittenStep[];
  edges: RunbookGraph['edges'];
}

export interface RunbookFile {
  format: typeof runbookFileFormat;
  schemaVersion: number;
  runbook: ExportedRunbook;
  /** Runbooks that Run runbook steps start, by name. */
  runbooks: ExportedRunbook[];
  integrations: ExportedIntegration[];
  /** Canvas positions by runbook name and step id: layout only, never logic. */
  layout: Record<string, RunbookGraph['positions']>;
  /**
   * The runbook's test cases (recorded requests and responses, secrets masked as recorded), in
   * the order they were saved; absent when it has none, so older files read the same.
   */
  testCases?: TestCaseContent[];
}

export type { ReferenceIds, ReferenceNames, WrittenStep } from '../runbook/steps/stepReferences';

const noNames: NamesInFile = { methods: [], runbooks: [], configurations: [] };

/** A step as it goes into the file: ids of other things replaced by their names. */
export function exportStep(step: Step, names: ReferenceNames): WrittenStep {
  return descriptorOf(step).references?.file.write(step, names) ?? { ...step };
}

/** A step of a file as it becomes here: the names of what it refers to replaced by ids here. */
export function importStep(written: WrittenStep, ids: ReferenceIds): Record<string, unknown> {
  return descriptorNamed(written.type)?.references?.file.read(written, ids) ?? written;
}

/** What a step of a file refers to, by name (readRunbookFile has checked how it writes them). */
export function namesInStep(written: WrittenStep): NamesInFile {
  return descriptorNamed(written.type)?.references?.file.namesIn(written) ?? noNames;
}

export function exportGraph(
  details: { name: string; description: string; category: string; tags: string[] },
  graph: RunbookGraph,
  names: ReferenceNames,
): ExportedRunbook {
  return {
    name: details.name,
    description: details.description,
    category: details.category,
    tags: tagsAsWritten(details.tags),
    inputs: graph.inputs,
    steps: [...graph.steps].sort((a, b) => compare(a.id, b.id)).map((step) => exportStep(step, names)),
    edges: [...graph.edges].sort(
      (a, b) => compare(a.from, b.from) || compare(a.kind, b.kind) || compare(a.to, b.to),
    ),
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Keys that read best first; every other key follows in alphabetical order. */
const leadingKeys = ['format', 'schemaVersion', 'id', 'name', 'type', 'runbook', 'runbooks', 'integrations'];

/** The value with keys in the file's fixed order (leading keys first, then alphabetical). */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value).sort((a, b) => {
    const rankA = leadingKeys.indexOf(a);
    const rankB = leadingKeys.indexOf(b);
    if (rankA !== rankB)
      return (rankA < 0 ? leadingKeys.length : rankA) - (rankB < 0 ? leadingKeys.length : rankB);
    return compare(a, b);
  });
  const sorted: Record<string, unknown> = {};
  for (const key of keys) {
    const inner = (value as Record<string, unknown>)[key];
    // Defined, not assigned: a value's own "__proto__" key (an API's JSON in a pin) stays a key.
    if (inner !== undefined)
      Object.defineProperty(sorted, key, {
        value: canonical(inner),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return sorted;
}

/**
 * Whether a method here is the one a file carries: the one here as the export writes it (texts
 * an earlier version saved with a control character cleaned, an address's user name left out),
 * keys in the file's order, so its own file, imported here, does not differ from it.
 */
export function isSameMethod(here: MethodDefinition, inFile: MethodDefinition): boolean {
  const written = withExchangeableTexts(shareableMethod(here));
  return JSON.stringify(canonical(written)) === JSON.stringify(canonical(inFile));
}

/**
 * An integration as a file may hold it: a user name and password written into the outbound
 * proxy's address (http://user:pass@proxy:3128), into the base URL or into an authorization
 * setting's address such as a token URL (either saved before such addresses were refused) are
 * credentials, and stay behind. Without rate limits the file says nothing of them, as files
 * written before limits existed: the same bytes (reading one gives none).
 */
export function shareableIntegration(integration: ExportedIntegration): ExportedIntegration {
  const { definition } = integration;
  const behaviour = definition.behaviour;
  const proxy = behaviour.proxy;
  const proxyUrl = withoutUserInfo(proxy.url);
  const baseUrl = isBaseUrlLeftOut(definition) ? '' : withoutUserInfo(definition.baseUrl);
  const auth = withoutSettingsUserInfo(definition.auth);
  const methods = integration.methods.map(shareableMethod);
  const customFields = customFieldsAsWritten(definition.customFields);
  const hasLimits = hasRateLimits(behaviour.rateLimits);
  const isEachMethodKept = methods.every((method, index) => method === integration.methods[index]);
  const isDefinitionKept =
    proxyUrl === proxy.url &&
    baseUrl === definition.baseUrl &&
    auth === definition.auth &&
    customFields === definition.customFields;
  if (isDefinitionKept && isEachMethodKept && hasLimits) return integration;
  // canonical() leaves out what is undefined.
  const rateLimits = hasLimits ? behaviour.rateLimits : (undefined as unknown as RateLimits);
  return {
    ...integration,
    methods,
    definition: {
      ...definition,
      baseUrl,
      auth,
      customFields,
      behaviour: { ...behaviour, rateLimits, proxy: { ...proxy, url: proxyUrl } },
    },
  };
}

/**
 * Custom fields as a file may hold them: a label an earlier version saved with nothing but
 * control characters is written as the field's name, as the import refuses an empty label.
 * The same array when no label changes.
 */
function customFieldsAsWritten(
  fields: IntegrationDefinition['customFields'],
): IntegrationDefinition['customFields'] {
  const written = fields.map((field) => {
    const label = requiredTextAsWritten(field.label, field.name);
    return label === field.label ? field : { ...field, label };
  });
  return written.every((field, index) => field === fields[index]) ? fields : written;
}

/**
 * Whether the base URL in use (REST, one for all configurations) is one the Connection tab and the
 * import refuse (an address without http://, stored before base URLs were checked): the file
 * leaves it out, else the import refused the app's own file.
 */
function isBaseUrlLeftOut(definition: IntegrationDefinition): boolean {
  const isInUse = definition.protocol === 'rest' && definition.baseUrlMode === 'fixed';
  return isInUse && baseUrlProblem(withoutUserInfo(definition.baseUrl), 'integration') !== undefined;
}

/**
 * What the file leaves out that the import would refuse — a base URL that is not an http(s)
 * address, an output variable whose expression does not read — said, so the user knows.
 */
export function leftOutWarnings(integrations: readonly ExportedIntegration[]): string[] {
  const baseUrls = integrations
    .filter((integration) => isBaseUrlLeftOut(integration.definition))
    .map(
      (integration) =>
        `The base URL of "${integration.name}" is not an http(s) address (${withoutUserInfo(integration.definition.baseUrl)}), so the file leaves it out: set it on its Connection tab where the file is imported.`,
    );
  const outputs = integrations.flatMap((integration) =>
    integration.methods.flatMap((method) =>
      method.outputs.flatMap((output) => {
        const problem = outputExpressionProblem(output.expression);
        return problem === undefined
          ? []
          : [
              `"${method.name}" of ${integration.name} has the output variable "${output.name}", whose expression does not read (${problem}), so the file leaves it out.`,
            ];
      }),
    ),
  );
  return [...baseUrls, ...outputs];
}

/**
 * A method as a file may hold it: its own authorization's addresses without a user name or
 * password, and without an output variable whose expression does not read (stored before
 * expressions were checked; it read nothing on any run, and the import refuses it).
 */
function shareableMethod(method: MethodDefinition): MethodDefinition {
  const outputs = readableOutputs(method.outputs);
  const authorization = shareableAuthorization(method.authorization);
  return outputs === method.outputs && authorization === method.authorization
    ? method
    : { ...method, outputs, authorization };
}

/** A method's own authorization with its addresses without a user name or password. */
function shareableAuthorization(
  authorization: MethodDefinition['authorization'],
): MethodDefinition['authorization'] {
  if (authorization.mode !== 'override') return authorization;
  const settings = withoutSettingsUserInfo(authorization.settings);
  return settings === authorization.settings ? authorization : { ...authorization, settings };
}

/** The outputs whose expressions read; the same array when all of them do. */
function readableOutputs(outputs: MethodDefinition['outputs']): MethodDefinition['outputs'] {
  const readable = outputs.filter((output) => outputExpressionProblem(output.expression) === undefined);
  return readable.length === outputs.length ? outputs : readable;
}

/**
 * What a file would carry that looks like a credential typed straight into a method (an
 * Authorization header with a value rather than a {{placeholder}}): exported as written — it may
 * be deliberate — but said, so the user can move it into a configuration first.
 */
export function literalCredentialWarnings(integrations: readonly ExportedIntegration[]): string[] {
  return integrations.flatMap((integration) =>
    integration.methods.flatMap((method) =>
      typedCredentialsOf(method).map(
        (credential) =>
          `"${method.name}" of ${integration.name} sends ${typedCredentialPlace(credential)} with a value typed into the method; that value is in the file.`,
      ),
    ),
  );
}

/**
 * The file's text: keys in a fixed order, two-space indents, a final newline; names and
 * descriptions as its import takes them (exchangeableTexts.ts).
 */
export function serialiseRunbookFile(given: RunbookFile): string {
  const file = withExchangeableTexts(given) as RunbookFile;
  const ordered: RunbookFile = {
    ...file,
    runbooks: [...file.runbooks].sort((a, b) => compare(a.name, b.name)),
    integrations: [...file.integrations]
      .sort((a, b) => compare(a.name, b.name))
      .map(shareableIntegration)
      .map((integration) => ({
        ...integration,
        methods: [...integration.methods].sort((a, b) => compare(a.name, b.name)),
      })),
  };
  return `${JSON.stringify(canonical(ordered), null, 2)}\n`;
}

/** A file name from the runbook's name: letters, digits and dashes. */
export function runbookFileName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .toLowerCase()
    .slice(0, 80);
  return `${slug === '' ? 'runbook' : slug}.runbook.json`;
}
