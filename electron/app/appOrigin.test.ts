import { describe, expect, it } from 'vitest';
import { isAppUrl, isWebUrl } from './appOrigin';

describe('isAppUrl', () => {
  it.each([
    ['app://runbook-designer/index.html', true],
    ['app://runbook-designer', true],
    ['app://runbook-designer/', true],
    ['app://runbook-designer.evil/index.html', false],
    ['app://runbook-designer@evil/index.html', false],
    ['https://runbook-designer/index.html', false],
    ['file:///index.html', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('isWebUrl', () => {
  it.each([
    ['https://example.com/docs', true],
    ['http://127.0.0.1:8080/', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://server/share', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isWebUrl(url)).toBe(expected);
  });
});
