/** The variables a method asks for: its {path} parameters and every {{template}} in its fields. */
import type { MethodDefinition } from '../domain/method';
import { listTemplateVariables } from './template';

const pathParameter = /\{([A-Za-z_][\w-]*)\}/g;

/** `{id}` style parameters of a path, ignoring `{{templates}}`. */
export function pathParameters(path: string): string[] {
  const withoutTemplates = path.replace(/\{\{[^}]*\}\}/g, '');
  return [...new Set([...withoutTemplates.matchAll(pathParameter)].map((match) => match[1] ?? ''))];
}

function safeVariables(text: string): string[] {
  try {
    return listTemplateVariables(text);
  } catch {
    return []; // A malformed field reports itself when sent.
  }
}

/** The texts of a method that are sent: its path, enabled query and header rows, and its body. */
function methodTexts(method: MethodDefinition): string[] {
  const texts = [
    method.path,
    ...method.query.filter((row) => row.isEnabled).flatMap((row) => [row.key, row.value]),
    ...method.headers.filter((row) => row.isEnabled).flatMap((row) => [row.key, row.value]),
  ];
  const body = method.body;
  if (body.kind === 'json' || body.kind === 'raw') texts.push(body.text);
  if (body.kind === 'form' || body.kind === 'multipart') {
    texts.push(...body.rows.filter((row) => row.isEnabled).flatMap((row) => [row.key, row.value]));
  }
  return texts;
}

/** Every variable the method uses, in the order a form should ask for them. */
export function methodVariables(method: MethodDefinition): string[] {
  const names = [...pathParameters(method.path), ...methodTexts(method).flatMap(safeVariables)];
  // Configuration values come from the configuration, not from the form.
  return [...new Set(names)].filter((name) => !name.startsWith('config.'));
}

/** The `{{config.<prefix>.<field>}}` placeholders of a method's texts, as [prefix, field], once each. */
export function configReferencesOf(method: MethodDefinition): [string, string][] {
  const references = new Set(methodTexts(method).flatMap(safeVariables));
  return [...references].flatMap((reference) => {
    const [root, prefix, field] = reference.split('.');
    return root === 'config' && prefix !== undefined && field !== undefined ? [[prefix, field]] : [];
  });
}

/** The variable prefixes of the integrations whose configurations a method's placeholders read. */
export const configPrefixesOf = (method: MethodDefinition): string[] => [
  ...new Set(configReferencesOf(method).map(([prefix]) => prefix)),
];
