/**
 * Every step type has its colour in the designer's stylesheet: a type added without its rule
 * draws its card and palette dot grey, and no other test would say so (the renderer's own tests
 * get stylesheets empty, and may not read files).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stepTypeNames } from '../../shared/runbook/stepTypes';

const designerCss = fs.readFileSync(
  new URL('../../renderer/src/features/runbooks/designer.css', import.meta.url),
  'utf8',
);

describe('the step types in the designer stylesheet', () => {
  it('gives every step type its colour, for its card and its palette dot', () => {
    const uncoloured = stepTypeNames.filter(
      (type) => !new RegExp(`\\.step-${type}\\s*\\{[^}]*--step-color`).test(designerCss),
    );
    expect(
      uncoloured,
      'each type has a `.step-<type> { --step-color: … }` rule in renderer/src/features/runbooks/designer.css',
    ).toEqual([]);
  });
});
