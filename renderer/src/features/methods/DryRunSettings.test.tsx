import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { methodDefinitionSchema, type HttpMethod } from '../../../../shared/domain/method';
import { DryRunSettings } from './DryRunSettings';

const markupOf = (httpMethod: HttpMethod, isDryRunSafe?: boolean) =>
  renderToStaticMarkup(
    <DryRunSettings
      draft={methodDefinitionSchema.parse({ name: 'm', httpMethod, isDryRunSafe })}
      onChange={() => undefined}
    />,
  );

describe('the dry run settings of a method', () => {
  it.each(['GET', 'HEAD', 'OPTIONS'] as const)(
    'show a %s as always sent in a dry run, the box ticked and fixed',
    (httpMethod) => {
      const markup = markupOf(httpMethod);
      const box = /<input type="checkbox"[^>]*>/.exec(markup)?.[0] ?? '';
      expect(box).toContain('checked=""');
      expect(box).toContain('disabled=""');
      expect(markup).toContain(`a dry run always sends a ${httpMethod} request`);
    },
  );

  it('leave the box to the user for a POST, unticked until marked safe', () => {
    expect(markupOf('POST')).toMatch(/type="checkbox"\/>Safe to send in a dry run \(changes nothing/);
    expect(markupOf('POST', true)).toContain('type="checkbox" checked=""/>');
  });
});
