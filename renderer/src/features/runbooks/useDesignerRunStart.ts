/**
 * Run, Dry run and Debug in the designer's bar: a runbook with inputs (or, for a run, clients to
 * choose from) asks first in the Run dialog; any other starts at once, one start at a time.
 */
import { useState } from 'react';
import { useCall } from '../../api/resources';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import type { ClientChoice } from '../runGroups/clientChoice';
import { startFromDialog } from '../runGroups/startFromDialog';
import { startDebugRun } from './debug/debugSession';
import { startDesignerRun } from './designerRun';
import { saveDraftFirst } from './saveDraftFirst';
import type { StartedMode } from './RunDialog';
import type { RunInputValues } from './runInputValues';

/** The Run dialog, open for a run (in the mode it starts in: Dry run opens it with the dry run chosen) or a debug run. */
export interface RunDialogRequest {
  kind: 'run' | 'debug';
  mode: StartedMode;
}

export function useDesignerRunStart(
  runbookId: string,
  inputCount: number,
): {
  runDialog: RunDialogRequest | null;
  openRunDialog: (request: RunDialogRequest | null) => void;
  /** The clients a run may be for (the Run dialog offers them). */
  clients: readonly string[];
  /** True while Run or Debug starts a run without the dialog: a second click would start another. */
  isStarting: boolean;
  /** Whether Run or Debug opens the dialog. */
  asksFirst: (kind: 'run' | 'debug') => boolean;
  /** Run or Debug pressed. */
  start: (kind: 'run' | 'debug') => void;
  /** The Run dialog's start. */
  runFromDialog: (values: RunInputValues, choice: ClientChoice, mode: StartedMode) => Promise<void>;
} {
  const [runDialog, setRunDialog] = useState<RunDialogRequest | null>(null);
  const [isStarting, setIsStarting] = useState(false);
  const clients = useCall('runGroups.clients', { runbookId }).data ?? [];
  const runFromDialog = async (values: RunInputValues, choice: ClientChoice, mode: StartedMode) => {
    if (runDialog?.kind === 'debug') await startDebugRun(runbookId, values);
    else
      await startFromDialog(
        runbookId,
        values,
        choice,
        (client) => startDesignerRun(runbookId, values, client, { mode }),
        () => saveDraftFirst(mode === 'dryRun' ? 'Dry run' : 'Run'),
      );
    setRunDialog(null);
  };
  // Only a runbook with inputs, or (for a run) with clients to choose from, asks first.
  const asksFirst = (kind: 'run' | 'debug') => inputCount > 0 || (kind === 'run' && clients.length > 0);
  const start = (kind: 'run' | 'debug') => {
    if (asksFirst(kind)) {
      setRunDialog({ kind, mode: 'live' });
      return;
    }
    if (isStarting) return;
    setIsStarting(true);
    (kind === 'debug' ? startDebugRun : startDesignerRun)(runbookId, {})
      .catch((caught: unknown) => useNoticeStore.getState().show('error', messageOf(caught)))
      .finally(() => setIsStarting(false));
  };
  return { runDialog, openRunDialog: setRunDialog, clients, isStarting, asksFirst, start, runFromDialog };
}
