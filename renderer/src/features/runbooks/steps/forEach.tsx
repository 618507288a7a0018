/** For each's inspector form: the array to go through and the name of its item. */
import type { ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { TemplateField } from '../TemplateField';
import type { PartNames } from '../../../app/refusalPlace';
import type { StepFormProps } from './stepViews';

export function ForEachForm({ step, onChange }: StepFormProps<StepOf<'forEach'>>): ReactElement {
  return (
    <>
      <TemplateField
        label="Items (an array)"
        value={step.items}
        onChange={(items) => onChange({ ...step, items })}
      />
      <label className="inline-label">
        Each item is called
        <input
          value={step.itemVariable}
          onChange={(event) => onChange({ ...step, itemVariable: event.target.value })}
        />
      </label>
    </>
  );
}

/** Its fields as it labels them, by path in the step: what a refused save names (draftRefusal.ts). */
ForEachForm.partNames = {
  items: 'Items (an array)',
  itemVariable: 'Each item is called',
} satisfies PartNames;
