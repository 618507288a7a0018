/** Test support: a file that both the preview and the import of runbooks or integrations refuse. */
import { expect } from 'vitest';
import type { Backend } from '../backend';

/**
 * Expects `<kind>.previewImport` and `<kind>.import` of `content` to be refused as `refusal`
 * (matched as toMatchObject does); `name` says which case failed.
 */
export async function expectImportRefused(
  backend: Backend,
  kind: 'runbooks' | 'integrations',
  content: string,
  refusal: Record<string, unknown>,
  name?: string,
): Promise<void> {
  for (const call of [`${kind}.previewImport`, `${kind}.import`] as const)
    await expect(
      backend.dispatch(call, { content }),
      name ? `${name} (${call})` : call,
    ).rejects.toMatchObject(refusal);
}
