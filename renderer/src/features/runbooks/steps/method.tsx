/**
 * Execute method's inspector form (the method, then a field per variable it asks for) and its
 * node summary (the integration it calls beside the type). From the form a method is created or
 * edited in a drawer over the designer, and the step is tested with the values a run would give.
 */
import { useState, type ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { Icon } from '../../../app/icons';
import { useDesignerStore } from '../designerStore';
import { MethodDrawer } from '../methodFromStep/MethodDrawer';
import { MethodPicker } from '../methodFromStep/MethodPicker';
import { StepTestDialog, type TestedRequest } from '../methodFromStep/StepTestDialog';
import { useIntegrationNameOf, useMethodCatalog, type CatalogMethod } from '../methodCatalog';
import { TemplateField } from '../TemplateField';
import { ConfigurationChoice } from './methodConfiguration';
import { StepTypeLine } from './StepTypeLine';
import type { PartNames } from '../../../app/refusalPlace';
import type { StepFormProps } from './stepViews';
import { templateGivenTo } from '../../../../../shared/runbook/steps/stepFields';

type MethodStep = StepOf<'method'>;
type Opened = 'new' | 'edit' | 'test' | null;

type DesignerState = ReturnType<typeof useDesignerStore.getState>;
const selectRunbookId = (state: DesignerState) => state.runbook?.id ?? '';
const selectInputs = (state: DesignerState) => state.graph?.inputs;

export function MethodForm({ step, onChange }: StepFormProps<MethodStep>): ReactElement {
  const methods = useMethodCatalog();
  const chosen = methods.find((method) => method.id === step.methodId);
  const [opened, setOpened] = useState<Opened>(null);
  const use = (method: { id: string; definition: { name: string } }) =>
    onChange({ ...step, methodId: method.id, name: method.definition.name });
  return (
    <>
      <MethodPicker methods={methods} chosenId={step.methodId} onChoose={use} />
      <div className="method-actions">
        <button type="button" className="button button-small" onClick={() => setOpened('new')}>
          <Icon name="plus" /> New method
        </button>
        {chosen !== undefined && (
          <>
            <button type="button" className="button button-small" onClick={() => setOpened('edit')}>
              Edit method
            </button>
            <button type="button" className="button button-small" onClick={() => setOpened('test')}>
              Test step
            </button>
          </>
        )}
      </div>
      {chosen !== undefined && (
        <ConfigurationChoice
          id={step.id}
          configuration={step.configuration}
          integrationId={chosen.integrationId}
          onChange={(configuration) => onChange({ ...step, configuration })}
        />
      )}
      {chosen !== undefined && <OutputsInScope stepId={step.id} method={chosen} />}
      {chosen?.variables.map((variable) => (
        <TemplateField
          key={variable}
          label={variable}
          value={templateGivenTo(step.arguments, variable) ?? ''}
          onChange={(value) => onChange({ ...step, arguments: { ...step.arguments, [variable]: value } })}
        />
      ))}
      {(opened === 'new' || opened === 'edit') && (
        <MethodDrawer
          method={opened === 'edit' ? (chosen ?? null) : null}
          integrationId={chosen?.integrationId ?? ''}
          onSaved={(saved) => {
            // A new method becomes the step's; an edited one already is, under the step's own name.
            if (opened === 'new') use(saved);
            setOpened(null);
          }}
          onClose={() => setOpened(null)}
        />
      )}
      {opened === 'test' && chosen !== undefined && (
        <TestThisStep step={step} method={chosen} onClose={() => setOpened(null)} />
      )}
    </>
  );
}

/** Its fields as it labels them, by path in the step: what a refused save names (draftRefusal.ts). */
MethodForm.partNames = {
  methodId: 'Method',
  configuration: 'Configuration',
  arguments: 'Method variables',
  // Each variable's field is labelled with its name.
  'arguments.*': '*',
} satisfies PartNames;

/** An Execute method step as a tested request. */
const testedMethodStep = (step: MethodStep): TestedRequest => ({
  stepId: step.id,
  title: `Test step · ${step.name}`,
  configuration: step.configuration,
  arguments: step.arguments,
  isPinnable: true,
});

/** The step's Test dialog, given the runbook it belongs to. */
function TestThisStep({
  step,
  method,
  onClose,
}: {
  step: MethodStep;
  method: CatalogMethod;
  onClose: () => void;
}): ReactElement {
  const runbookId = useDesignerStore(selectRunbookId);
  const inputs = useDesignerStore(selectInputs);
  return (
    <StepTestDialog
      request={testedMethodStep(step)}
      method={method}
      runbookId={runbookId}
      inputs={inputs ?? []}
      onClose={onClose}
    />
  );
}

/** What later steps read from this one: each output variable of its method, as a path. */
function OutputsInScope({ stepId, method }: { stepId: string; method: CatalogMethod }): ReactElement {
  const names = method.definition.outputs.map((output) => output.name);
  return (
    <div className="hint method-outputs" role="group" aria-label="Outputs in scope">
      {names.length === 0 ? (
        'Its method has no output variables yet.'
      ) : (
        <>
          Outputs for later steps:
          <ul>
            {names.map((name) => (
              <li key={name}>
                <code>{`{{steps.${stepId}.outputs.${name}}}`}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** "Execute method · <integration>": the integration's name is a string, so the card re-renders only when it changes. */
export function MethodNodeSummary({ step }: { step: MethodStep }): ReactElement {
  const integrationName = useIntegrationNameOf(step.methodId);
  return <StepTypeLine step={step} detail={integrationName} />;
}
