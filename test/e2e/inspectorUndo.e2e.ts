/**
 * Undo of inspector edits in Chromium against `npm run serve`: a Condition's rules and a Set
 * variables step's variables are added and removed as undo entries of their own, apart from the
 * typing around them, with the keyboard kept in place (as a Switch's cases); typing in one field
 * folds into one entry, and typing in another field of the same step starts a new one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { expectFocus } from './support/keyboard';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-inspector-undo-')),
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const inspector = () => page.getByRole('complementary', { name: 'Inspector' });
const undoButton = () => page.getByRole('toolbar', { name: 'Canvas' }).getByRole('button', { name: 'Undo' });

/** Start, a Condition with one rule, a Set variables step with one variable, and End. */
async function openChecks(name: string): Promise<string> {
  const { id } = await callApi(server, 'runbooks.create', { details: { name } });
  await callApi(server, 'runbooks.update', {
    id,
    draft: {
      inputs: [{ name: 'priority', type: 'string', isRequired: true }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'check',
          name: 'Check',
          type: 'condition',
          combine: 'all',
          rules: [{ left: '{{inputs.priority}}', operator: 'equals', right: 'high' }],
        },
        { id: 'vars', name: 'Vars', type: 'setVariables', assignments: [{ name: 'owner', value: 'ops' }] },
        { id: 'done', name: 'Done', type: 'end', message: 'Done' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'check' },
        { from: 'check', kind: 'true', to: 'vars' },
        { from: 'check', kind: 'false', to: 'done' },
        { from: 'vars', kind: 'next', to: 'done' },
      ],
      positions: {
        start: { x: 200, y: 0 },
        check: { x: 200, y: 140 },
        vars: { x: 100, y: 300 },
        done: { x: 200, y: 460 },
      },
    },
  });
  await page.goto(`${server.origin}/#/runbooks/${id}`);
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  await node('check').waitFor();
  return id;
}

/** The saved step `stepId` of runbook `id`. */
async function savedStep(id: string, stepId: string): Promise<Record<string, unknown> | undefined> {
  const { draft } = await callApi(server, 'runbooks.get', { id });
  return draft.steps.find((step: { id: string }) => step.id === stepId);
}

/** The saved Condition's rules, each as "left operator right". */
async function savedRules(id: string): Promise<string[]> {
  const step = await savedStep(id, 'check');
  const rules = (step?.rules ?? []) as { left: string; operator: string; right: string }[];
  return rules.map((rule) => `${rule.left} ${rule.operator} ${rule.right}`);
}

/** The saved Set variables step's variables, each as "name=value". */
async function savedVariables(id: string): Promise<string[]> {
  const step = await savedStep(id, 'vars');
  const assignments = (step?.assignments ?? []) as { name: string; value: string }[];
  return assignments.map((assignment) => `${assignment.name}=${assignment.value}`);
}

describe('a Condition’s rules in the inspector', () => {
  const value = (number: number) =>
    inspector().getByRole('combobox', { name: `Rule ${String(number)}: value` });
  const comparedWith = (number: number) =>
    inspector().getByRole('combobox', { name: `Rule ${String(number)}: compared with` });
  const removeButton = (number: number) =>
    inspector().getByRole('button', { name: `Remove rule ${String(number)}` });
  const addRule = () => inspector().getByRole('button', { name: 'Add rule' });

  async function openCondition(name: string): Promise<string> {
    const id = await openChecks(name);
    await node('check').click();
    await value(1).waitFor();
    return id;
  }

  it('undoes the typing, adding a rule and the typing in it one at a time', async () => {
    const id = await openCondition('Undo adding a rule');
    // Less than 0.8 s apart: the field, Add rule, the new rule's field.
    await comparedWith(1).fill('urgent');
    await addRule().click();
    await expectFocus(page, value(2));
    await page.keyboard.type('later');
    await expect.poll(() => savedRules(id)).toEqual(['{{inputs.priority}} equals urgent', 'later equals ']);
    await saveScreenshot(page, 'condition-rules');

    await undoButton().click();
    await expect.poll(() => savedRules(id)).toEqual(['{{inputs.priority}} equals urgent', ' equals ']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => savedRules(id)).toEqual(['{{inputs.priority}} equals urgent']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => savedRules(id)).toEqual(['{{inputs.priority}} equals high']);
    await expect(undoButton().isDisabled()).resolves.toBe(true);
  });

  it('removes a rule as an undo entry of its own, the keyboard on the next rule’s remove button, else the one before, else Add rule', async () => {
    const id = await openCondition('Remove rules');
    await addRule().click();
    await expectFocus(page, value(2));
    await page.keyboard.type('second');
    await addRule().click();
    await expectFocus(page, value(3));
    await page.keyboard.type('third');
    await expect
      .poll(() => savedRules(id))
      .toEqual(['{{inputs.priority}} equals high', 'second equals ', 'third equals ']);

    // Typed just before: the removal is still an entry of its own.
    await comparedWith(1).fill('urgent');
    await removeButton(1).click();
    await expect.poll(() => value(1).inputValue()).toBe('second');
    await expectFocus(page, removeButton(1));
    await expect.poll(() => savedRules(id)).toEqual(['second equals ', 'third equals ']);
    await page.keyboard.press('Control+z');
    await expect
      .poll(() => savedRules(id))
      .toEqual(['{{inputs.priority}} equals urgent', 'second equals ', 'third equals ']);

    await removeButton(3).click();
    await expectFocus(page, removeButton(2));
    await removeButton(2).click();
    await expectFocus(page, removeButton(1));
    await removeButton(1).click();
    await expectFocus(page, addRule());
    await expect.poll(() => savedRules(id)).toEqual([]);
    await page.keyboard.press('Control+z');
    await expect.poll(() => savedRules(id)).toEqual(['{{inputs.priority}} equals urgent']);
  });

  it('undoes typing in a second field of the rule apart from the first', async () => {
    const id = await openCondition('Two fields of a rule');
    await value(1).fill('{{inputs.priority}}!');
    await comparedWith(1).fill('low');
    await expect.poll(() => savedRules(id)).toEqual(['{{inputs.priority}}! equals low']);
    await undoButton().click();
    await expect.poll(() => savedRules(id)).toEqual(['{{inputs.priority}}! equals high']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => savedRules(id)).toEqual(['{{inputs.priority}} equals high']);
  });
});

describe('a Set variables step’s variables in the inspector', () => {
  const nameField = (number: number) =>
    inspector().getByRole('textbox', { name: `Variable ${String(number)}`, exact: true });
  const valueField = (number: number) =>
    inspector().getByRole('combobox', { name: `Variable ${String(number)}: value` });
  const removeButton = (number: number) =>
    inspector().getByRole('button', { name: `Remove variable ${String(number)}` });
  const addVariable = () => inspector().getByRole('button', { name: 'Add variable' });

  async function openVariables(name: string): Promise<string> {
    const id = await openChecks(name);
    await node('vars').click();
    await nameField(1).waitFor();
    return id;
  }

  it('undoes the typing, adding a variable and the typing in it one at a time', async () => {
    const id = await openVariables('Undo adding a variable');
    await valueField(1).fill('sre');
    await addVariable().click();
    // The new variable's name has the keyboard, ready to be typed over.
    await expectFocus(page, nameField(2));
    await page.keyboard.type('team');
    await expect.poll(() => savedVariables(id)).toEqual(['owner=sre', 'team=']);
    await saveScreenshot(page, 'set-variables');

    await undoButton().click();
    await expect.poll(() => savedVariables(id)).toEqual(['owner=sre', 'var2=']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => savedVariables(id)).toEqual(['owner=sre']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => savedVariables(id)).toEqual(['owner=ops']);
    await expect(undoButton().isDisabled()).resolves.toBe(true);
  });

  it('removes a variable as an undo entry of its own, the keyboard on the next variable’s remove button, else the one before, else Add variable', async () => {
    const id = await openVariables('Remove variables');
    await addVariable().click();
    await expectFocus(page, nameField(2));
    await page.keyboard.type('team');
    await addVariable().click();
    await expectFocus(page, nameField(3));
    await page.keyboard.type('region');
    await expect.poll(() => savedVariables(id)).toEqual(['owner=ops', 'team=', 'region=']);

    await valueField(1).fill('sre');
    await removeButton(1).click();
    await expect.poll(() => nameField(1).inputValue()).toBe('team');
    await expectFocus(page, removeButton(1));
    await expect.poll(() => savedVariables(id)).toEqual(['team=', 'region=']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => savedVariables(id)).toEqual(['owner=sre', 'team=', 'region=']);

    await removeButton(3).click();
    await expectFocus(page, removeButton(2));
    await removeButton(2).click();
    await expectFocus(page, removeButton(1));
    await removeButton(1).click();
    await expectFocus(page, addVariable());
    await expect.poll(() => savedVariables(id)).toEqual([]);
    await page.keyboard.press('Control+z');
    await expect.poll(() => savedVariables(id)).toEqual(['owner=sre']);
  });

  it('undoes typing in a variable’s value apart from its name typed just before', async () => {
    const id = await openVariables('Name then value');
    await nameField(1).fill('owner_team');
    await valueField(1).fill('sre');
    await expect.poll(() => savedVariables(id)).toEqual(['owner_team=sre']);
    await undoButton().click();
    await expect.poll(() => savedVariables(id)).toEqual(['owner_team=ops']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => savedVariables(id)).toEqual(['owner=ops']);
  });
});

describe('typing in two fields of a step', () => {
  it('folds quick typing in one field into one entry, and undoes the second field alone', async () => {
    const id = await openChecks('Name then rule');
    await node('check').click();
    const stepName = inspector().getByLabel('Step name');
    await stepName.click();
    await stepName.press('End');
    await page.keyboard.type(' priority');
    const comparedWith = inspector().getByRole('combobox', { name: 'Rule 1: compared with' });
    await comparedWith.click();
    await comparedWith.press('End');
    await page.keyboard.type('er');
    await expect.poll(async () => (await savedStep(id, 'check'))?.name).toBe('Check priority');
    await expect.poll(() => savedRules(id)).toEqual(['{{inputs.priority}} equals higher']);

    await undoButton().click();
    // Only the second field's typing, both keys of it, is undone.
    await expect.poll(() => savedRules(id)).toEqual(['{{inputs.priority}} equals high']);
    expect((await savedStep(id, 'check'))?.name).toBe('Check priority');
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await savedStep(id, 'check'))?.name).toBe('Check');
    await expect(undoButton().isDisabled()).resolves.toBe(true);
  });
});

describe('a webhook’s input mapping in the inspector', () => {
  /** The saved webhook's mapping rows, each as "input←path". */
  async function savedMapping(id: string): Promise<string[]> {
    const start = (await savedStep(id, 'start')) as
      { webhook?: { inputMapping: { input: string; path: string }[] } } | undefined;
    return (start?.webhook?.inputMapping ?? []).map((row) => `${row.input}←${row.path}`);
  }

  it('adds and removes mapping rows as undo entries of their own, however quick', async () => {
    const id = await openChecks('Mapped webhook');
    await node('start').click();
    await inspector().getByRole('checkbox', { name: 'Webhook' }).check();
    const mapInput = inspector().getByRole('button', { name: 'Map an input' });
    await mapInput.click();
    await inspector().getByRole('textbox', { name: 'Mapping 1 JSONPath' }).fill('$.priority');
    await mapInput.click();
    await expect.poll(() => savedMapping(id)).toEqual(['priority←$.priority', 'priority←$.']);
    await inspector().getByRole('button', { name: 'Remove mapping 1' }).click();
    await expect.poll(() => savedMapping(id)).toEqual(['priority←$.']);

    await undoButton().click();
    await expect.poll(() => savedMapping(id)).toEqual(['priority←$.priority', 'priority←$.']);
    await undoButton().click();
    await expect.poll(() => savedMapping(id)).toEqual(['priority←$.priority']);
    await undoButton().click();
    await expect.poll(() => savedMapping(id)).toEqual(['priority←$.']);
    await undoButton().click();
    await expect.poll(() => savedMapping(id)).toEqual([]);
  });
});
