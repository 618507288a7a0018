/**
 * An integration handed on as a file (PRODUCT.md §5): its definition and methods, in the same
 * stable, secret-free form as a runbook file — never a configuration, credential or token.
 */
import { z } from 'zod';
import { AppError } from '../api/appError';
import { readExchangeDocument, refuseIssue } from './exchangeDocument';
import { withExchangeableTexts } from './exchangeableTexts';
import { exportedIntegrationSchema } from './readRunbookFile';
import {
  canonical,
  runbookFileName,
  runbookFileSchemaVersion,
  shareableIntegration,
  type ExportedIntegration,
} from './runbookFile';

export const integrationFileFormat = 'runbook-designer/integration';

export interface IntegrationFile {
  format: typeof integrationFileFormat;
  schemaVersion: number;
  integration: ExportedIntegration;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The file's text, in the form of a runbook file's (serialiseRunbookFile). */
export function serialiseIntegrationFile(integration: ExportedIntegration): string {
  const file = withExchangeableTexts({
    format: integrationFileFormat,
    schemaVersion: runbookFileSchemaVersion,
    integration: shareableIntegration(integration),
  }) as IntegrationFile;
  const ordered: IntegrationFile = {
    ...file,
    integration: { ...file.integration, methods: [...file.integration.methods].sort(byName) },
  };
  return `${JSON.stringify(canonical(ordered), null, 2)}\n`;
}

export function integrationFileName(name: string): string {
  return runbookFileName(name).replace(/\.runbook\.json$/, '.integration.json');
}

const integrationFileSchema = z.object({
  format: z.literal(integrationFileFormat),
  schemaVersion: z.number().int(),
  integration: exportedIntegrationSchema,
});

/** Reads an integration file with the same refusals as a runbook file. */
export function readIntegrationFile(text: string): IntegrationFile {
  const document = readExchangeDocument(text, integrationFileFormat, 'a Runbook Designer integration file');
  const result = integrationFileSchema.safeParse(document);
  if (!result.success) return refuseIssue(result.error);
  const names = new Set<string>();
  for (const method of result.data.integration.methods) {
    const key = method.name.trim().toLowerCase();
    if (names.has(key))
      throw new AppError(
        'invalid_input',
        `This file cannot be imported: it has two methods named "${method.name}".`,
      );
    names.add(key);
  }
  return { ...result.data, format: integrationFileFormat };
}
