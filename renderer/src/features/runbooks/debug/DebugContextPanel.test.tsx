import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DebugContext } from '../../../../../shared/rehearsal/debugging';
import { ResolvedFields } from './DebugContextPanel';

const markupOf = (fields: DebugContext['fields']) => renderToStaticMarkup(<ResolvedFields fields={fields} />);

describe('the fields of a paused step', () => {
  it('show a Yes/no, a number and a text as the run page shows values, in its JSON tree', () => {
    const markup = markupOf([
      { template: '{{inputs.notify}}', value: true, error: null },
      { template: '{{inputs.count}}', value: 3, error: null },
      { template: 'For {{inputs.who}}', value: 'For grace', error: null },
    ]);
    expect(markup).toContain('<span class="json-text json-boolean">true</span>');
    expect(markup).toContain('<span class="json-text json-number">3</span>');
    expect(markup).toContain('<span class="json-text json-string">&quot;For grace&quot;</span>');
    expect(markup.match(/class="json-tree mono"/g)).toHaveLength(3);
    expect(markup).not.toContain('debug-value');
  });

  it('say why a field could not be resolved instead of a value', () => {
    const markup = markupOf([
      { template: '{{vars.nope}}', value: null, error: 'Unknown variable "vars.nope".' },
    ]);
    expect(markup).toContain('<span class="field-error">Unknown variable &quot;vars.nope&quot;.</span>');
    expect(markup).not.toContain('json-tree');
  });
});
