/**
 * OpenAPI 3.x / Swagger 2.0 → methods (PRODUCT.md §3 Import). The document is parsed from text
 * (JSON or YAML), validated, and dereferenced with every external resolver switched off, so a
 * hostile `$ref` can read no file and reach no address. One method per operation, with its
 * path/query/header parameters, a body example, and the server URL.
 *
 * A few kB can stand for billions of nodes (YAML aliases, `$ref`s), so the document's expanded
 * size is measured before the validator walks it (documentBudgets.ts) and the examples have a
 * budget. The backend runs this in a worker with a time and memory limit (openApiReader.ts).
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { JSON_SCHEMA, load as loadYaml } from 'js-yaml';
import { AppError } from '../../../shared/api/appError';
import {
  httpMethods,
  type HttpMethod,
  type KeyValueRow,
  type MethodDefinition,
} from '../../../shared/domain/method';
import { readJsonText } from '../../../shared/domain/jsonParseError';
import { checkExpandedSize, maxDocumentBytes, maxYamlAliases } from './documentBudgets';
import {
  exampleBudget,
  ExampleTooLargeError,
  exampleFromSchema,
  type ExampleBudget,
} from './exampleFromSchema';
import { importedMethod } from './importedMethod';
import { withoutUserInfo } from '../../../shared/domain/baseUrl';

const maxOperations = 2_000;
/** Values generated for all the example bodies of one document. */
const maxExampleValues = 500_000;
/** Characters of all the example bodies of one document: the preview crosses a transport. */
const maxExampleCharacters = 20_000_000;

export interface ImportedOperation {
  key: string;
  summary: string;
  definition: MethodDefinition;
}

export interface OpenApiPreview {
  title: string;
  version: string;
  baseUrl: string;
  operations: ImportedOperation[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Why the document does not read and where, quoting none of it: a pasted document may hold a key
 * or token, and V8's JSON refusal quotes the text around the fault, js-yaml's an alias or tag.
 */
function unreadableDocument(source: string, error: unknown): string {
  const read = source.trimStart().startsWith('{') ? readJsonText(source) : undefined;
  if (read !== undefined && 'problem' in read)
    return `The document is neither JSON nor YAML: ${read.problem.replace(/^Not valid JSON: /, 'as JSON, ')}`;
  const { reason, mark } = error as { reason?: unknown; mark?: { line?: unknown; column?: unknown } };
  const what = typeof reason === 'string' ? reason.replace(/\s*(?:"[^"]*"|!\S*)/g, '') : 'it does not read';
  const where =
    typeof mark?.line === 'number' && typeof mark.column === 'number'
      ? ` (line ${String(mark.line + 1)}, column ${String(mark.column + 1)})`
      : '';
  return `The document is neither JSON nor YAML: as YAML, ${what}${where}.`;
}

function readDocument(source: string): Json {
  if (Buffer.byteLength(source) > maxDocumentBytes) {
    throw new AppError('payload_too_large', 'The document is larger than 5 MB.', 'source');
  }
  let parsed: unknown;
  try {
    parsed = source.trimStart().startsWith('{')
      ? JSON.parse(source)
      : loadYaml(source, { schema: JSON_SCHEMA, maxAliases: maxYamlAliases });
  } catch (error) {
    if ((error as Error).message.includes('exceeded maxAliases')) {
      throw new AppError(
        'invalid_input',
        `The document uses more than ${maxYamlAliases.toLocaleString('en-US')} YAML aliases (*name); it cannot be imported. Write the repeated parts out, or convert the document to JSON.`,
        'source',
      );
    }
    throw new AppError('invalid_input', unreadableDocument(source, error), 'source');
  }
  if (!isObject(parsed) || (typeof parsed.openapi !== 'string' && parsed.swagger !== '2.0')) {
    throw new AppError(
      'invalid_input',
      'This is not an OpenAPI 3.x or Swagger 2.0 document (no "openapi" or "swagger" field).',
      'source',
    );
  }
  checkExpandedSize(parsed);
  return parsed;
}

/**
 * The document's server address, without a user name or password before its @: an address is
 * never stored with them (they belong in a configuration's credentials), and the import dialog
 * shows what it offers, which would put the password on the screen.
 */
function serverUrl(document: Json): string {
  return withoutUserInfo(writtenServerUrl(document));
}

function writtenServerUrl(document: Json): string {
  if (document.swagger === '2.0') {
    const schemes = Array.isArray(document.schemes) ? (document.schemes as string[]) : [];
    const scheme = schemes.includes('https') ? 'https' : (schemes[0] ?? 'https');
    return text(document.host) === '' ? '' : `${scheme}://${text(document.host)}${text(document.basePath)}`;
  }
  const [server] = Array.isArray(document.servers) ? (document.servers as Json[]) : [];
  if (server === undefined) return '';
  const variables = isObject(server.variables) ? server.variables : {};
  return text(server.url).replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isObject(variable) ? text(variable.default) || whole : whole;
  });
}

function parameterRows(parameters: Json[], location: string): KeyValueRow[] {
  return parameters
    .filter((parameter) => parameter.in === location)
    .map((parameter) => {
      const schema = isObject(parameter.schema) ? parameter.schema : parameter;
      const example = parameter.example ?? schema.example ?? schema.default;
      return {
        key: text(parameter.name),
        value: example === undefined ? `{{${text(parameter.name)}}}` : String(example),
        description: text(parameter.description),
        isEnabled: parameter.required === true,
      };
    });
}

function bodyOf(
  operation: Json,
  parameters: Json[],
  isSwagger2: boolean,
  budget: ExampleBudget,
): MethodDefinition['body'] {
  if (isSwagger2) {
    const body = parameters.find((parameter) => parameter.in === 'body');
    if (body !== undefined)
      return { kind: 'json', text: JSON.stringify(exampleFromSchema(body.schema, budget), null, 2) };
    const form = parameterRows(parameters, 'formData');
    return form.length === 0 ? { kind: 'none' } : { kind: 'form', rows: form };
  }
  const content =
    isObject(operation.requestBody) && isObject(operation.requestBody.content)
      ? operation.requestBody.content
      : {};
  const json = Object.entries(content).find(([type]) => /json/i.test(type))?.[1];
  if (isObject(json)) {
    const example =
      json.example ??
      (isObject(json.examples)
        ? Object.values(json.examples).map((item) => (isObject(item) ? item.value : undefined))[0]
        : undefined);
    return {
      kind: 'json',
      text: JSON.stringify(example ?? exampleFromSchema(json.schema, budget), null, 2),
    };
  }
  const form = content['application/x-www-form-urlencoded'] ?? content['multipart/form-data'];
  if (isObject(form) && isObject(form.schema) && isObject(form.schema.properties)) {
    const rows = Object.keys(form.schema.properties).map((key) => ({
      key,
      value: `{{${key}}}`,
      description: '',
      isEnabled: true,
    }));
    return { kind: content['multipart/form-data'] === undefined ? 'form' : 'multipart', rows };
  }
  return { kind: 'none' };
}

/** The validator's first few findings, e.g. "#/paths/~1a/get/responses must be object". */
function describeInvalid(error: unknown): string {
  const details = (error as { details?: { instancePath?: string; message?: string }[] }).details;
  if (Array.isArray(details) && details.length > 0) {
    return details
      .slice(0, 3)
      .map((detail) =>
        `${detail.instancePath === undefined || detail.instancePath === '' ? 'the document' : detail.instancePath} ${detail.message ?? ''}`.trim(),
      )
      .join('; ');
  }
  return ((error as Error).message.split('\n')[0] ?? '').slice(0, 300);
}

interface OperationAt {
  path: string;
  verb: HttpMethod;
  /** The path item, whose parameters every operation of the path shares. */
  item: Json;
  operation: Json;
  isSwagger2: boolean;
  budget: ExampleBudget;
}

/** One operation as a method; refused naming the operation when its method would be too large. */
function importOperation({
  path,
  verb,
  item,
  operation,
  isSwagger2,
  budget,
}: OperationAt): ImportedOperation {
  const key = `${verb} ${path}`;
  const shared = Array.isArray(item.parameters) ? (item.parameters as Json[]) : [];
  const own = Array.isArray(operation.parameters) ? (operation.parameters as Json[]) : [];
  const byKey = new Map(
    [...shared, ...own].map((parameter) => [`${text(parameter.in)}:${text(parameter.name)}`, parameter]),
  );
  const parameters = [...byKey.values()];
  const summary = text(operation.summary);
  let body: MethodDefinition['body'];
  try {
    body = bodyOf(operation, parameters, isSwagger2, budget);
  } catch (error) {
    if (!(error instanceof ExampleTooLargeError)) throw error;
    throw new AppError(
      'invalid_input',
      `The example bodies generated from the document's schemas, up to ${key}, would hold more than ${error.maxValues.toLocaleString('en-US')} values; import a smaller part of the API.`,
      'source',
    );
  }
  const definition = importedMethod(
    {
      // The summary reads as a name ("Get a ticket"); the operationId ("getTicket") is for code.
      name: (firstLineOf(summary) || text(operation.operationId) || key).slice(0, 200),
      description: text(operation.description) || summary,
      httpMethod: verb,
      path,
      query: parameterRows(parameters, 'query'),
      headers: parameterRows(parameters, 'header'),
      body,
    },
    `The operation ${key}`,
    'source',
  );
  return { key, summary, definition };
}

const firstLineOf = (value: string): string => value.trim().split(/\r?\n/, 1)[0]?.trim() ?? '';

/** Validates and dereferences the document, then lists its operations as method definitions. */
export async function previewOpenApi(source: string): Promise<OpenApiPreview> {
  const document = readDocument(source);
  let api: Json;
  try {
    api = (await SwaggerParser.validate(structuredClone(document) as never, {
      resolve: { external: false, file: false, http: false },
      dereference: { circular: 'ignore' },
    })) as unknown as Json;
  } catch (error) {
    throw new AppError(
      'invalid_input',
      `The OpenAPI document is not valid: ${describeInvalid(error)}`,
      'source',
    );
  }
  const isSwagger2 = api.swagger === '2.0';
  const info = isObject(api.info) ? api.info : {};
  const budget = exampleBudget(maxExampleValues);
  const operations: ImportedOperation[] = [];
  let exampleCharacters = 0;
  for (const [path, item] of Object.entries(isObject(api.paths) ? api.paths : {})) {
    if (!isObject(item)) continue;
    for (const verb of httpMethods) {
      const operation = item[verb.toLowerCase()];
      if (!isObject(operation)) continue;
      if (operations.length >= maxOperations) {
        throw new AppError(
          'payload_too_large',
          `The document has more than ${String(maxOperations)} operations.`,
          'source',
        );
      }
      const imported = importOperation({ path, verb, item, operation, isSwagger2, budget });
      const { body } = imported.definition;
      exampleCharacters += body.kind === 'json' || body.kind === 'raw' ? body.text.length : 0;
      if (exampleCharacters > maxExampleCharacters) {
        throw new AppError(
          'invalid_input',
          `The example bodies of the document's operations come to more than ${(maxExampleCharacters / 1_000_000).toLocaleString('en-US')} million characters (at ${imported.key}); import a smaller part of the API.`,
          'source',
        );
      }
      operations.push(imported);
    }
  }
  return { title: text(info.title), version: text(info.version), baseUrl: serverUrl(api), operations };
}
