import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ArgumentValue } from '../../../../../shared/runbook/stepTestArguments';
import { ArgumentValues } from './ArgumentValues';

const values: ArgumentValue[] = [
  {
    name: 'notify',
    template: '{{inputs.notify}}',
    value: null,
    sent: null,
    placeholders: [{ path: 'inputs.notify', origin: null, reason: 'no value given for the input "notify"' }],
    problem: null,
  },
  {
    name: 'count',
    template: '{{inputs.count}}',
    value: '3',
    sent: 3,
    placeholders: [{ path: 'inputs.count', origin: 'input', value: '3' }],
    problem: null,
  },
];

const markupOf = (isRefused: boolean, overrides: Record<string, string> = {}) =>
  renderToStaticMarkup(
    <ArgumentValues
      values={values}
      latestRunId={null}
      overrides={overrides}
      isRefused={isRefused}
      onOverride={() => undefined}
    />,
  );

describe('the values a step Test sends', () => {
  it('say calmly, before Send, why a value is not known', () => {
    const markup = markupOf(false);
    expect(markup).toContain(
      '<li class="unknown-value"><code>inputs.notify</code>: not known — no value given',
    );
    expect(markup).not.toContain('field-error');
    expect(markup).toContain('aria-invalid="false" aria-describedby="step-test-value-notify-why"');
  });

  it('after a refused Send, say it at the value’s field, marked invalid', () => {
    const markup = markupOf(true);
    expect(markup).toContain('<li class="field-error"><code>inputs.notify</code>: not known');
    expect(markup).toContain('aria-invalid="true" aria-describedby="step-test-value-notify-why"');
    expect(markup).toContain('<ul id="step-test-value-notify-why" class="placeholder-origins">');
  });

  it('no longer refuse a value once one is typed for it', () => {
    const markup = markupOf(true, { notify: 'yes' });
    expect(markup).not.toContain('field-error');
    expect(markup).toContain('aria-invalid="false"');
  });
});
