/**
 * The Execute method step's configuration (PRODUCT.md §4): the integration's primary one, the
 * run's client's, or one by name. In a client's run, an integration in client configuration mode
 * sends with that client's configuration unless one is named (methodService.ts), as the hint says.
 */
import type { ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { useCall } from '../../../api/resources';

type MethodStep = StepOf<'method'>;

/** The select's value of a choice: `primary`, `client` or `named:<configuration id>`. */
const valueOf = (choice: MethodStep['configuration']) =>
  choice.mode === 'named' ? `named:${choice.configurationId}` : choice.mode;

function choiceOf(value: string): MethodStep['configuration'] {
  if (value.startsWith('named:')) return { mode: 'named', configurationId: value.slice('named:'.length) };
  return value === 'client' ? { mode: 'client' } : { mode: 'primary' };
}

export function ConfigurationChoice({
  step,
  integrationId,
  onChange,
}: {
  step: MethodStep;
  integrationId: string;
  onChange: (step: MethodStep) => void;
}): ReactElement {
  const configurations = useCall('configurations.list', { integrationId }).data ?? [];
  const value = valueOf(step.configuration);
  const isKnown =
    step.configuration.mode !== 'named' ||
    configurations.some((configuration) => `named:${configuration.id}` === value);
  return (
    <label className="select-field method-configuration">
      <span>Configuration</span>
      <select
        value={value}
        onChange={(event) => onChange({ ...step, configuration: choiceOf(event.target.value) })}
        aria-describedby={`configuration-hint-${step.id}`}
      >
        <option value="primary">Primary</option>
        <option value="client">The run’s client</option>
        {configurations.map((configuration) => (
          <option key={configuration.id} value={`named:${configuration.id}`}>
            {configuration.clientName === ''
              ? configuration.name
              : `${configuration.name} (client ${configuration.clientName})`}
          </option>
        ))}
        {!isKnown && <option value={value}>A configuration that no longer exists</option>}
      </select>
      <span className="hint" id={`configuration-hint-${step.id}`}>
        In a client’s run, an integration in client configuration mode sends with that client’s configuration
        unless one is named here.
      </span>
    </label>
  );
}
