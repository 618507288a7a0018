/** Edits the selected step: its name and the settings of its type; shows its problems. */
import { useEffect, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { conditionOperators, stepTypes, type Step } from '../../../../shared/runbook/stepTypes';
import { Icon } from '../../app/icons';
import { useDesignerStore } from './designerStore';
import { InputsEditor } from './InputsEditor';
import { TemplateField } from './TemplateField';
import { TriggersEditor } from './TriggersEditor';
import { useMethodCatalog } from './methodCatalog';

const select = (state: ReturnType<typeof useDesignerStore.getState>) => ({
  step: state.graph?.steps.find((candidate) => candidate.id === state.selectedId),
  allIssues: state.issues,
});
const selectMethods = (state: ReturnType<typeof useMethodCatalog.getState>) => state.methods;

const TemplateInput = TemplateField;

function StepSettings({
  step,
  onChange,
}: {
  step: Step;
  onChange: (next: Step) => void;
}): ReactElement | null {
  const methods = useMethodCatalog(selectMethods);
  switch (step.type) {
    case 'start':
      return (
        <>
          <InputsEditor />
          <TriggersEditor step={step} onChange={onChange} />
        </>
      );
    case 'method': {
      const chosen = methods.find((method) => method.id === step.methodId);
      return (
        <>
          <label className="inline-label">
            Method
            <select
              value={step.methodId}
              onChange={(event) =>
                onChange({
                  ...step,
                  methodId: event.target.value,
                  name:
                    methods.find((method) => method.id === event.target.value)?.definition.name ?? step.name,
                })
              }
            >
              <option value="">Choose a method…</option>
              {methods.map((method) => (
                <option key={method.id} value={method.id}>
                  {method.integrationName} · {method.definition.name}
                </option>
              ))}
            </select>
          </label>
          {chosen?.variables.map((variable) => (
            <TemplateInput
              key={variable}
              label={variable}
              value={step.arguments[variable] ?? ''}
              onChange={(value) => onChange({ ...step, arguments: { ...step.arguments, [variable]: value } })}
            />
          ))}
        </>
      );
    }
    case 'condition':
      return (
        <>
          <label className="inline-label">
            Combine
            <select
              value={step.combine}
              onChange={(event) =>
                onChange({ ...step, combine: event.target.value === 'any' ? 'any' : 'all' })
              }
            >
              <option value="all">All rules hold</option>
              <option value="any">Any rule holds</option>
            </select>
          </label>
          {step.rules.map((rule, index) => (
            <div key={index} className="rule">
              <TemplateInput
                label={`Rule ${String(index + 1)}: value`}
                value={rule.left}
                onChange={(left) =>
                  onChange({
                    ...step,
                    rules: step.rules.map((item, position) =>
                      position === index ? { ...item, left } : item,
                    ),
                  })
                }
              />
              <select
                aria-label={`Rule ${String(index + 1)} operator`}
                value={rule.operator}
                onChange={(event) =>
                  onChange({
                    ...step,
                    rules: step.rules.map((item, position) =>
                      position === index
                        ? { ...item, operator: event.target.value as (typeof conditionOperators)[number] }
                        : item,
                    ),
                  })
                }
              >
                {conditionOperators.map((operator) => (
                  <option key={operator} value={operator}>
                    {operator}
                  </option>
                ))}
              </select>
              <TemplateInput
                label={`Rule ${String(index + 1)}: compared with`}
                value={rule.right}
                onChange={(right) =>
                  onChange({
                    ...step,
                    rules: step.rules.map((item, position) =>
                      position === index ? { ...item, right } : item,
                    ),
                  })
                }
              />
            </div>
          ))}
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              onChange({ ...step, rules: [...step.rules, { left: '', operator: 'equals', right: '' }] })
            }
          >
            <Icon name="plus" /> Add rule
          </button>
        </>
      );
    case 'setVariables':
      return (
        <>
          {step.assignments.map((assignment, index) => (
            <div key={index} className="rule">
              <label className="inline-label">
                Variable {index + 1}
                <input
                  value={assignment.name}
                  onChange={(event) =>
                    onChange({
                      ...step,
                      assignments: step.assignments.map((item, position) =>
                        position === index ? { ...item, name: event.target.value } : item,
                      ),
                    })
                  }
                />
              </label>
              <TemplateInput
                label="Value"
                value={assignment.value}
                onChange={(value) =>
                  onChange({
                    ...step,
                    assignments: step.assignments.map((item, position) =>
                      position === index ? { ...item, value } : item,
                    ),
                  })
                }
              />
            </div>
          ))}
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              onChange({
                ...step,
                assignments: [
                  ...step.assignments,
                  { name: `var${String(step.assignments.length + 1)}`, value: '' },
                ],
              })
            }
          >
            <Icon name="plus" /> Add variable
          </button>
        </>
      );
    case 'delay':
      return (
        <TemplateInput
          label="Seconds"
          value={step.seconds}
          onChange={(seconds) => onChange({ ...step, seconds })}
        />
      );
    case 'forEach':
      return (
        <>
          <TemplateInput
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
    case 'runRunbook':
      return (
        <TemplateInput
          label="Runbook id"
          value={step.runbookId}
          onChange={(runbookId) => onChange({ ...step, runbookId })}
        />
      );
    case 'end':
      return (
        <>
          <label className="inline-label">
            Outcome
            <select
              value={step.outcome}
              onChange={(event) =>
                onChange({ ...step, outcome: event.target.value === 'failed' ? 'failed' : 'succeeded' })
              }
            >
              <option value="succeeded">Succeeded</option>
              <option value="failed">Failed</option>
            </select>
          </label>
          <TemplateInput
            label="Message"
            value={step.message}
            onChange={(message) => onChange({ ...step, message })}
          />
        </>
      );
  }
}

export function Inspector(): ReactElement {
  const { step, allIssues } = useDesignerStore(useShallow(select));
  const issues = allIssues.filter((issue) => issue.stepId === step?.id);
  useEffect(() => {
    void useMethodCatalog.getState().load();
  }, []);
  if (step === undefined) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <p className="muted">
          Select a step to edit it. Connect a step’s exits (success, failure, true, false…) to the next steps.
        </p>
      </aside>
    );
  }
  const update = (next: Step) => useDesignerStore.getState().updateStep(step.id, next);
  return (
    <aside className="inspector" aria-label="Inspector">
      <h2>{stepTypes[step.type].label}</h2>
      <label className="inline-label">
        Step name
        <input value={step.name} onChange={(event) => update({ ...step, name: event.target.value })} />
      </label>
      {step.type !== 'start' && step.type !== 'end' && (
        <p className="hint step-reference">
          Later steps read it as
          <code>{`{{steps.${step.id}.outputs.…}}`}</code>
          <code>{`{{steps.${step.id}.status}}`}</code>
        </p>
      )}
      {issues.map((issue) => (
        <p key={issue.message} className="field-error" role="alert">
          {issue.message}
        </p>
      ))}
      <StepSettings step={step} onChange={update} />
      {step.type !== 'start' && (
        <button
          type="button"
          className="button button-danger-quiet button-small"
          onClick={() => useDesignerStore.getState().removeStep(step.id)}
        >
          <Icon name="trash" /> Delete step
        </button>
      )}
    </aside>
  );
}
