/**
 * A draft's revision: a digest of the draft as stored, which a write of any other draft changes.
 * `runbooks.update` takes the revision a window (or a script) edited its draft from and refuses,
 * with a `conflict`, a draft saved elsewhere since, instead of saving over it without a word. A
 * digest rather than a counter: no column to add, a details-only write does not move it, and a
 * draft changed and changed back is the draft edited from, so saving over it loses nothing.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';

/** Revisions of the frozen drafts the repository shares, each worked out once. */
const revisions = new WeakMap<object, string>();

/** The revision of a draft as stored (the repository's parsed JSON). */
export function draftRevisionOf(draft: unknown): string {
  const isShared = typeof draft === 'object' && draft !== null && Object.isFrozen(draft);
  const known = isShared ? revisions.get(draft) : undefined;
  if (known !== undefined) return known;
  const revision = crypto.createHash('sha256').update(JSON.stringify(draft)).digest('base64url').slice(0, 22);
  if (isShared) revisions.set(draft, revision);
  return revision;
}

/** Refuses to save over a stored draft that is no longer the one at `editedFrom`. */
export function assertDraftAt(storedDraft: unknown, editedFrom: string): void {
  const stored = draftRevisionOf(storedDraft);
  if (stored === editedFrom) return;
  throw new AppError(
    'conflict',
    `The draft was changed elsewhere (another window, the command line or the API) since revision ${editedFrom}; ` +
      `it is now at revision ${stored}. Read it again and make your change to it, or send no draftRevision to save over it.`,
    'draftRevision',
  );
}
