/**
 * The designer's bar, in two rows so that neither the name nor the run's state is ever cut short
 * (designerBar.css): the runbook and what to do with it (Export, Fork, Versions, Test cases, Dry
 * run, Debug, Run), then the canvas tools and the draft's and run's state; the debug bar under them,
 * and the choice between this window's draft and one saved elsewhere when both have edits.
 */
import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { api } from '../../api/client';
import { downloadFile } from '../../app/downloadFile';
import { Icon } from '../../app/icons';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { navigate } from '../../app/route';
import { CanvasToolbar } from './CanvasToolbar';
import { DebugBar } from './debug/DebugBar';
import { DesignerAction } from './DesignerAction';
import { DesignerRunStatus } from './DesignerRunStatus';
import { useDesignerStore } from './designerStore';
import { draftRefusal } from './draftRefusal';
import { saveDraftFirst } from './saveDraftFirst';
import { DraftConflictBar } from './DraftConflictBar';
import { forkRunbook } from './forkRunbook';
import { ProblemsButton } from './ProblemsButton';

const selectSaveState = (state: ReturnType<typeof useDesignerStore.getState>) => ({
  saveState: state.saveState,
  saveRefusal: state.saveRefusal,
});

const saveLabels = {
  saved: 'Saved',
  unsaved: 'Unsaved changes',
  saving: 'Saving…',
  error: 'Not saved',
} as const;

/**
 * Downloads the runbook's file (the desktop app asks where to save it). The file is made from the
 * saved draft: while the canvas's draft is not saved (its save refused, or held for the choice
 * between two windows' drafts), none is made, as it would hand on something other than what
 * the canvas shows.
 */
async function exportToFile(runbookId: string): Promise<void> {
  try {
    await saveDraftFirst('Export');
    const { fileName, content, warnings } = await api.call('runbooks.export', { id: runbookId });
    downloadFile(fileName, content);
    useNoticeStore.getState().show('success', `Exported ${fileName}`);
    for (const warning of warnings) useNoticeStore.getState().show('error', warning);
  } catch (error) {
    useNoticeStore.getState().show('error', messageOf(error));
  }
}

export function DesignerBar({
  runbookId,
  name,
  isDraftShown,
  hasInputs,
  isStarting,
  doesRunAskFirst,
  onEditDetails,
  onOpenVersions,
  onOpenTestCases,
  onDryRun,
  onStart,
}: {
  runbookId: string;
  name: string;
  /** The draft is on the canvas (not a version or a comparison): its tools show. */
  isDraftShown: boolean;
  hasInputs: boolean;
  /** Run or Debug is starting a run. */
  isStarting: boolean;
  /** Run opens the Run dialog. */
  doesRunAskFirst: boolean;
  onEditDetails: () => void;
  onOpenVersions: () => void;
  onOpenTestCases: () => void;
  onDryRun: () => void;
  onStart: (kind: 'run' | 'debug') => void;
}): ReactElement {
  const { saveState, saveRefusal } = useDesignerStore(useShallow(selectSaveState));
  return (
    <header className="designer-bar">
      <div className="designer-title">
        <button type="button" className="link-button" onClick={() => navigate({ area: 'runbooks' })}>
          <Icon name="back" /> Runbooks
        </button>
        <h1 title={name}>{name}</h1>
        <button
          type="button"
          className="icon-button"
          aria-label="Edit details"
          title="Name, description, category and tags"
          onClick={onEditDetails}
        >
          <Icon name="edit" />
        </button>
      </div>
      <div className="designer-actions">
        <DesignerAction
          icon="upload"
          label="Export"
          title="save the runbook, with the methods and integrations it uses, as a file for teammates (no secrets)"
          onClick={() => void exportToFile(runbookId)}
        />
        <DesignerAction
          icon="fork"
          label="Fork"
          title="copy this runbook into a new one, with its webhook and schedule off"
          onClick={() => void forkRunbook(runbookId)}
        />
        <DesignerAction
          icon="history"
          label="Versions"
          title="publish the draft, or view, switch off or restore a published version"
          opensDialog
          onClick={onOpenVersions}
        />
        <DesignerAction
          icon="check"
          label="Test cases"
          title="the runbook's test cases, replayed offline by Run tests"
          opensDialog
          onClick={onOpenTestCases}
        />
        <DesignerAction
          icon="shield"
          label="Dry run"
          title="run without changing anything: only GET, HEAD, OPTIONS and methods marked safe are sent"
          opensDialog
          onClick={onDryRun}
        />
        <DesignerAction
          icon="debug"
          label="Debug"
          title="run the draft, pausing before each step with a breakpoint (F9 sets one on the selected step)"
          opensDialog={hasInputs}
          isBusy={isStarting}
          onClick={() => onStart('debug')}
        />
        <button
          type="button"
          className="button button-primary"
          {...(doesRunAskFirst ? { 'aria-haspopup': 'dialog' as const } : {})}
          // Not `disabled`: a disabled button loses focus, and the keyboard would start again at the top.
          aria-disabled={isStarting}
          onClick={() => onStart('run')}
        >
          <Icon name="runs" /> Run
        </button>
      </div>
      <div className="designer-tools">
        {isDraftShown && <CanvasToolbar />}
        <div className="designer-status">
          <span
            className={`save-state save-${saveState}`}
            title={saveRefusal === null ? undefined : draftRefusal(saveRefusal).fullMessage}
            role="status"
          >
            {saveLabels[saveState]}
          </span>
          <ProblemsButton />
          <DesignerRunStatus />
        </div>
      </div>
      <DebugBar />
      <DraftConflictBar />
    </header>
  );
}
