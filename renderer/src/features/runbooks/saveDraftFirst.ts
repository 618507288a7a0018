/**
 * Saving the draft before an action that reads it as stored (Run, Dry run, Debug, Export, Fork,
 * Publish, the test cases' replay). When the draft shown could not be saved — another window's
 * draft waits for Load theirs or Keep mine, or the save was refused — the action would use an
 * older draft without a word: it is refused instead, saying why.
 */
import { useDesignerStore } from './designerStore';
import { draftRefusal } from './draftRefusal';

/** Saves the draft; rejects, naming `action` and the reason, when the draft shown is not what is stored. */
export async function saveDraftFirst(action: string): Promise<void> {
  await useDesignerStore.getState().saveNow();
  const { saveState, saveRefusal } = useDesignerStore.getState();
  if (saveState !== 'error') return;
  const reason =
    saveRefusal === null ? 'the draft could not be saved.' : draftRefusal(saveRefusal).fullMessage;
  throw new Error(`${action} would use the last saved draft, not the one shown: ${reason}`);
}
