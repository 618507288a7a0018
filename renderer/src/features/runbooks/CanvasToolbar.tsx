/**
 * The canvas toolbar in the designer bar: undo, redo, tidy up, zoom to fit and the shortcut
 * list, and the keyboard shortcuts that do the same. Lives inside the ReactFlowProvider.
 */
import { useState, type ReactElement } from 'react';
import { Dialog } from '../../app/Dialog';
import { shortcutLabel } from '../../app/shortcutLabel';
import { CanvasIcon } from './CanvasIcon';
import { shortcutList } from './canvasShortcuts';
import { selectCanRedo, selectCanUndo, useDesignerStore } from './designerStore';
import { useCanvasCommands } from './useCanvasCommands';
import { useCanvasShortcuts } from './useCanvasShortcuts';

export function CanvasToolbar(): ReactElement {
  const canUndo = useDesignerStore(selectCanUndo);
  const canRedo = useDesignerStore(selectCanRedo);
  const commands = useCanvasCommands();
  const [isHelpOpen, setIsHelpOpen] = useState(false);
  useCanvasShortcuts(commands, () => setIsHelpOpen(true));
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas">
      <button
        type="button"
        className="toolbar-button"
        aria-label="Undo"
        title={`Undo (${shortcutLabel('Z')})`}
        disabled={!canUndo}
        onClick={commands.undo}
      >
        <CanvasIcon name="undo" />
      </button>
      <button
        type="button"
        className="toolbar-button"
        aria-label="Redo"
        title={`Redo (${shortcutLabel('Shift+Z')})`}
        disabled={!canRedo}
        onClick={commands.redo}
      >
        <CanvasIcon name="redo" />
      </button>
      <span className="toolbar-separator" aria-hidden="true" />
      <button
        type="button"
        className="toolbar-button toolbar-button-text"
        aria-label="Tidy up"
        title="Tidy up: lay the steps out top to bottom (Shift+L)"
        onClick={commands.tidyUp}
      >
        <CanvasIcon name="tidy" /> Tidy up
      </button>
      <button
        type="button"
        className="toolbar-button"
        aria-label="Zoom to fit"
        title="Zoom to fit (Shift+1)"
        onClick={commands.fitView}
      >
        <CanvasIcon name="fit" />
      </button>
      <button
        type="button"
        className="toolbar-button"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={() => setIsHelpOpen(true)}
      >
        <CanvasIcon name="keyboard" />
      </button>
      {isHelpOpen && <ShortcutHelp onClose={() => setIsHelpOpen(false)} />}
    </div>
  );
}

function ShortcutHelp({ onClose }: { onClose: () => void }): ReactElement {
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={onClose}
      actions={
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      }
    >
      <dl className="shortcut-list">
        {shortcutList.map(({ keys, action }) => (
          <div key={action} className="shortcut-row">
            <dt>
              {keys.map((key, index) => (
                <span key={key}>
                  {index > 0 && <span className="muted"> or </span>}
                  <kbd>{key}</kbd>
                </span>
              ))}
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
