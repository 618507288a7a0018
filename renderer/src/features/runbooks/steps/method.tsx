/**
 * Execute method's inspector form (the method, then a field per variable it asks for) and its
 * node summary (the integration it calls beside the type).
 */
import type { ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { useIntegrationNameOf, useMethodCatalog } from '../methodCatalog';
import { MethodPicker } from '../methodFromStep/MethodPicker';
import { TemplateField } from '../TemplateField';
import { StepTypeLine } from './StepTypeLine';
import type { StepFormProps } from './stepViews';

type MethodStep = StepOf<'method'>;

export function MethodForm({ step, onChange }: StepFormProps<MethodStep>): ReactElement {
  const methods = useMethodCatalog();
  const chosen = methods.find((method) => method.id === step.methodId);
  return (
    <>
      <MethodPicker
        methods={methods}
        chosenId={step.methodId}
        onChoose={(method) => onChange({ ...step, methodId: method.id, name: method.definition.name })}
      />
      {chosen?.variables.map((variable) => (
        <TemplateField
          key={variable}
          label={variable}
          value={step.arguments[variable] ?? ''}
          onChange={(value) => onChange({ ...step, arguments: { ...step.arguments, [variable]: value } })}
        />
      ))}
    </>
  );
}

/** "Execute method · <integration>": the integration's name is a string, so the card re-renders only when it changes. */
export function MethodNodeSummary({ step }: { step: MethodStep }): ReactElement {
  const integrationName = useIntegrationNameOf(step.methodId);
  return <StepTypeLine step={step} detail={integrationName} />;
}
