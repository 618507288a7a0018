/**
 * Edits a runbook's details — name, description, category, tags — each problem at its field.
 * Cancel or Esc with edits asks first, as the method drawer does.
 */
import { useState, type FormEvent, type ReactElement } from 'react';
import { runbookLimits, type Runbook } from '../../../../shared/domain/runbook';
import { api } from '../../api/client';
import { Dialog } from '../../app/Dialog';
import { Field } from '../../app/Field';
import { DiscardChangesDialog } from '../../app/UnsavedEditsDialog';
import { useNoticeStore } from '../../app/noticeStore';
import { placeRefusal } from '../../app/refusalPlace';

/** The form's fields by the backend's name for them (`details.tags.2` is at Tags), as labelled. */
const detailsPartNames = { name: 'Name', description: 'Description', category: 'Category', tags: 'Tags' };

export function RunbookDetailsDialog({
  runbook,
  onSaved,
  onClose,
}: {
  runbook: Pick<Runbook, 'id' | 'name' | 'description' | 'category' | 'tags'>;
  onSaved: () => void;
  onClose: () => void;
}): ReactElement {
  const [name, setName] = useState(runbook.name);
  const [description, setDescription] = useState(runbook.description);
  const [category, setCategory] = useState(runbook.category);
  const [tags, setTags] = useState(runbook.tags.join(', '));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isAskingToDiscard, setIsAskingToDiscard] = useState(false);
  const isChanged =
    name !== runbook.name ||
    description !== runbook.description ||
    category !== runbook.category ||
    tags !== runbook.tags.join(', ');
  const close = () => {
    if (isChanged) setIsAskingToDiscard(true);
    else onClose();
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    try {
      await api.call('runbooks.update', {
        id: runbook.id,
        details: {
          name,
          description,
          category,
          tags: [
            ...new Set(
              tags
                .split(',')
                .map((tag) => tag.trim())
                .filter((tag) => tag !== ''),
            ),
          ],
        },
      });
      useNoticeStore.getState().show('success', 'Details saved');
      onSaved();
      onClose();
    } catch (caught) {
      // At the field it names (a tag's at Tags), else above the form naming the part (refusalPlace.ts).
      const placed = placeRefusal(caught, {
        prefix: /^details\.|\.\d+$/g,
        isShownAt: (field) => Object.hasOwn(detailsPartNames, field),
        names: detailsPartNames,
      });
      const { field } = placed;
      setErrors(field === undefined ? {} : { [field]: placed.message });
      setFormError(field === undefined ? placed.message : null);
      // The keyboard goes where the problem is, as the message is read out there.
      if (field !== undefined) document.getElementById(`runbook-${field}`)?.focus();
    }
  };
  const errorAt = (field: string) => errors[field];

  return (
    <>
      <Dialog
        title="Runbook details"
        onClose={close}
        actions={
          <>
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" form="runbook-details" className="button button-primary">
              Save details
            </button>
          </>
        }
      >
        <form id="runbook-details" className="details-form" onSubmit={(event) => void save(event)} noValidate>
          {formError !== null && (
            <p className="inline-error" role="alert">
              {formError}
            </p>
          )}
          <Field id="runbook-name" label="Name" error={errorAt('name')} isRequired>
            {(props) => (
              <input
                {...props}
                maxLength={runbookLimits.nameMax}
                value={name}
                onChange={(event) => setName(event.target.value)}
              />
            )}
          </Field>
          <Field id="runbook-description" label="Description" error={errorAt('description')}>
            {(props) => (
              <textarea
                {...props}
                rows={3}
                maxLength={runbookLimits.descriptionMax}
                value={description}
                onChange={(event) => setDescription(event.target.value)}
              />
            )}
          </Field>
          <Field
            id="runbook-category"
            label="Category"
            error={errorAt('category')}
            hint="e.g. Onboarding, Tickets, Reports"
          >
            {(props) => (
              <input
                {...props}
                maxLength={runbookLimits.categoryMax}
                value={category}
                onChange={(event) => setCategory(event.target.value)}
              />
            )}
          </Field>
          <Field
            id="runbook-tags"
            label="Tags"
            error={errorAt('tags')}
            hint="Separated by commas; search finds them."
          >
            {(props) => <input {...props} value={tags} onChange={(event) => setTags(event.target.value)} />}
          </Field>
        </form>
      </Dialog>
      {isAskingToDiscard && (
        <DiscardChangesDialog
          message="The runbook's details have unsaved changes. Close without saving them?"
          onKeepEditing={() => setIsAskingToDiscard(false)}
          onDiscard={onClose}
        />
      )}
    </>
  );
}
