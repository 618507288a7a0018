/**
 * What the designer shows in place of its canvas: the draft, a published version read-only, or two
 * versions compared — each kept with its runbook, so that opening another runbook shows its draft.
 */
import { useState } from 'react';
import type { VersionComparison, ViewedVersion } from './VersionsDialog';

export function useShownVersion(runbookId: string): {
  /** The version shown read-only, if any. */
  viewed: ViewedVersion | null;
  /** The comparison shown, if any. */
  compared: VersionComparison | null;
  isDraftShown: boolean;
  view: (version: ViewedVersion) => void;
  compare: (comparison: VersionComparison) => void;
  closeView: () => void;
  closeComparison: () => void;
  /** Back to the draft (a version was restored into it). */
  showDraft: () => void;
} {
  const [viewing, setViewing] = useState<{ runbookId: string; version: ViewedVersion } | null>(null);
  const [comparing, setComparing] = useState<{ runbookId: string; comparison: VersionComparison } | null>(
    null,
  );
  const compared = comparing?.runbookId === runbookId ? comparing.comparison : null;
  const viewed = viewing?.runbookId === runbookId && compared === null ? viewing.version : null;
  return {
    viewed,
    compared,
    isDraftShown: viewed === null && compared === null,
    view: (version) => {
      setComparing(null);
      setViewing({ runbookId, version });
    },
    compare: (comparison) => {
      setViewing(null);
      setComparing({ runbookId, comparison });
    },
    closeView: () => setViewing(null),
    closeComparison: () => setComparing(null),
    showDraft: () => {
      setViewing(null);
      setComparing(null);
    },
  };
}
