/**
 * Reads a picked import file as the backend will count it: its size in bytes, and its bytes as
 * UTF-8 — `File.text()` would quietly turn bytes that are not UTF-8 into U+FFFD.
 */
import { AppError } from '../../../shared/api/appError';
import { assertUtf8File } from '../../../shared/io/exchangeText';
import { maxRunbookFileBytes } from '../../../shared/io/exchangeDocument';

export async function readImportFile(file: Blob): Promise<string> {
  if (file.size > maxRunbookFileBytes) {
    throw new AppError(
      'invalid_input',
      `This file cannot be imported: it is ${(file.size / 1024 / 1024).toFixed(1)} MB; at most ${String(maxRunbookFileBytes / 1024 / 1024)} MB are read.`,
    );
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  assertUtf8File(bytes);
  return new TextDecoder().decode(bytes);
}
