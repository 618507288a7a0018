/**
 * An export the import would refuse is refused itself: what the app writes must come back. A
 * file is read up to 4 MB and 250,000 keys and array items (exchangeDocument.ts); a method may
 * hold a body of up to 5,000,000 characters, so one such method is enough to make its
 * integration's file, and every runbook file carrying it, one nobody can import.
 */
import { AppError } from '../../../shared/api/appError';
import { countText } from '../../../shared/domain/countText';
import type { MethodDefinition } from '../../../shared/domain/method';
import {
  isReadableFile,
  maxFileValues,
  maxRunbookFileBytes,
  megabytesText,
} from '../../../shared/io/exchangeDocument';
import { utf8ByteLength } from '../../../shared/io/exchangeText';

/** The method taking the most room in a file, as it is written there. */
function largestOf(methods: readonly MethodDefinition[]): { name: string; bytes: number } | undefined {
  let largest: { name: string; bytes: number } | undefined;
  for (const method of methods) {
    const bytes = utf8ByteLength(JSON.stringify(method));
    if (largest === undefined || bytes > largest.bytes) largest = { name: method.name, bytes };
  }
  return largest;
}

/**
 * Throws, naming the largest of `methods` (what makes a file that large), when an import would
 * not read `content`.
 */
export function assertImportable(content: string, methods: readonly MethodDefinition[]): void {
  if (isReadableFile(content)) return;
  const bytes = utf8ByteLength(content);
  const largest = largestOf(methods);
  const why =
    bytes <= maxRunbookFileBytes
      ? `it would hold more than ${countText(maxFileValues)} keys and items, which an import reads at most`
      : `it would take ${megabytesText(bytes)}, and an import reads at most ${String(maxRunbookFileBytes / 1024 / 1024)} MB`;
  const what =
    largest === undefined
      ? ''
      : `; its largest method, "${largest.name}", takes ${megabytesText(largest.bytes)}: shorten it (its body, its outputs) to export it`;
  throw new AppError('payload_too_large', `This file cannot be exported: ${why}${what}.`);
}
