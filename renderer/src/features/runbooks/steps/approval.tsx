/**
 * Wait for approval's inspector form: the message the approver reads (a template), how long to
 * wait (a number and a unit, kept as minutes), and who should decide with what to check first.
 */
import type { ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { TemplateField } from '../TemplateField';
import type { StepFormProps } from './stepViews';

const units = [
  { name: 'days', minutes: 24 * 60 },
  { name: 'hours', minutes: 60 },
  { name: 'minutes', minutes: 1 },
] as const;

/** The largest unit the timeout is a whole number of, so 1440 minutes reads "1 days". */
function unitOf(minutes: number): (typeof units)[number] {
  return units.find((unit) => minutes > 0 && minutes % unit.minutes === 0) ?? units[2];
}

export function ApprovalForm({ step, onChange }: StepFormProps<StepOf<'approval'>>): ReactElement {
  const unit = unitOf(step.timeoutMinutes);
  const setTimeout = (amount: number, minutesPerUnit: number) =>
    onChange({
      ...step,
      timeoutMinutes: Number.isFinite(amount) ? Math.max(0, Math.round(amount * minutesPerUnit)) : 0,
    });
  return (
    <>
      <TemplateField
        label="Message"
        value={step.message}
        onChange={(message) => onChange({ ...step, message })}
      />
      <div className="rule">
        <label className="inline-label">
          Timeout
          <input
            type="number"
            min={1}
            value={step.timeoutMinutes / unit.minutes}
            onChange={(event) => setTimeout(Number.parseInt(event.target.value, 10), unit.minutes)}
          />
        </label>
        <label className="inline-label">
          Unit
          <select
            value={unit.name}
            onChange={(event) => {
              const chosen = units.find((candidate) => candidate.name === event.target.value) ?? unit;
              setTimeout(step.timeoutMinutes / unit.minutes, chosen.minutes);
            }}
          >
            {units.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint">
        Past the timeout the run takes the <strong>timed out</strong> exit (1 minute to 30 days).
      </p>
      <label>
        Who decides
        <input
          value={step.approvers}
          maxLength={500}
          onChange={(event) => onChange({ ...step, approvers: event.target.value })}
        />
      </label>
      <label>
        Instructions
        <textarea
          value={step.instructions}
          maxLength={5_000}
          rows={3}
          onChange={(event) => onChange({ ...step, instructions: event.target.value })}
        />
      </label>
    </>
  );
}
