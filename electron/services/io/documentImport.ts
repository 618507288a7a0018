/**
 * What `methods.previewOpenApi` reads: the `source` is downloaded when it is an http(s) address
 * (fetchDocument.ts), else taken as the document's text; either is read off the backend's thread
 * (openApiReader.ts).
 */
import type { OpenApiPreview } from './openApiImport';
import type { OpenApiReader } from './openApiReader';

export interface DocumentImportDependencies {
  reader: Pick<OpenApiReader, 'read'>;
  /** Downloads the document at an address (createDocumentFetcher). */
  fetchDocument: (url: string) => Promise<string>;
}

/** One address alone, nothing around it: a pasted document that holds an address is still text. */
const isAddress = (source: string) => /^https?:\/\/\S+$/i.test(source);

export function createDocumentImport(
  deps: DocumentImportDependencies,
): (source: string) => Promise<OpenApiPreview> {
  return async (source) => deps.reader.read(isAddress(source) ? await deps.fetchDocument(source) : source);
}
