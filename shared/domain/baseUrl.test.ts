import { describe, expect, it } from 'vitest';
import { baseUrlProblem, withUserInfoMasked } from './baseUrl';

describe('baseUrlProblem', () => {
  it.each([
    '',
    'https://api.example.com/v1',
    'http://127.0.0.1:18080',
    'HTTPS://API.example.com',
    'http://[::1]:8080/api',
    'https://{{config.halo.tenant}}.halopsa.com/api',
    '{{config.halo.url}}',
    'https://api.example.com/v1?api-version=2',
  ])('accepts %s', (text) => {
    expect(baseUrlProblem(text, 'integration')).toBeUndefined();
  });

  it.each([
    ['127.0.0.1:18080', 'http://127.0.0.1:18080'],
    ['localhost:8080/api', 'http://localhost:8080/api'],
    ['api.example.com/v1', 'https://api.example.com/v1'],
    ['htp:/api.example.com', 'http://api.example.com'],
    ['htps://api.example.com', 'https://api.example.com'],
    ['http:/api.example.com', 'http://api.example.com'],
    ['https:api.example.com', 'https://api.example.com'],
  ])('refuses %s, suggesting %s', (text, suggestion) => {
    expect(baseUrlProblem(text, 'integration')).toEqual({
      message: `Base URL must start with http:// or https:// — did you mean ${suggestion}?`,
      suggestion,
    });
  });

  it.each(['htp:/…', 'ftp://files.example.com', 'api', 'just some words'])(
    'refuses %s with an example and no guess',
    (text) => {
      expect(baseUrlProblem(text, 'integration')).toEqual({
        message: 'Base URL must start with http:// or https://, e.g. https://api.example.com/v1.',
      });
    },
  );

  it('refuses an address with no host', () => {
    expect(baseUrlProblem('https:///v1', 'integration')?.message).toBe(
      'Base URL needs a host name after the //.',
    );
    expect(baseUrlProblem('http://', 'integration')?.message).toBe(
      'Base URL needs a host name after the //.',
    );
  });

  it('refuses an address whose host does not parse', () => {
    expect(baseUrlProblem('http://api example.com', 'integration')?.message).toBe(
      'Base URL is not a valid address: check the host name and port.',
    );
    expect(baseUrlProblem('http://example.com:99999', 'integration')?.message).toBe(
      'Base URL is not a valid address: check the host name and port.',
    );
  });

  it('refuses a user name or password in the address, saying where they go instead and not repeating them', () => {
    for (const [text, meant] of [
      ['http://admin:hunter2pass@127.0.0.1:8080', 'http://127.0.0.1:8080'],
      ['https://token@api.example.com/v1?a=b@c', 'https://api.example.com/v1?a=b@c'],
      ['https://a:b@c@{{config.host}}/x', 'https://{{config.host}}/x'],
    ] as const) {
      for (const owner of ['integration', 'configuration'] as const) {
        const problem = baseUrlProblem(text, owner);
        expect(problem?.suggestion).toBe(meant);
        expect(problem?.message).toContain(`Use ${meant};`);
        expect(problem?.message).not.toContain('hunter2pass');
      }
    }
    expect(baseUrlProblem('https://api.example.com/v1/users/me@example.com', 'integration')).toBeUndefined();
  });

  it("words the refusal of an integration's base URL for the Connection tab: exported, Basic chosen there", () => {
    expect(baseUrlProblem('https://admin:hunter2pass@api.example.com/v1', 'integration')?.message).toBe(
      'Base URL holds a user name or password (before the @): an address is shown in run records and the ' +
        'call log and goes into exported files. Use https://api.example.com/v1; for Basic sign-in, choose ' +
        "Basic (user and password) under Authorization and enter them as each configuration's Username and " +
        'Password.',
    );
  });

  it("words the refusal of a configuration's base URL for its form: not exported, its own Username and Password", () => {
    expect(baseUrlProblem('https://admin:hunter2pass@api.example.com/v1', 'configuration')?.message).toBe(
      'Base URL holds a user name or password (before the @): an address is shown in run records and the ' +
        "call log. Use https://api.example.com/v1; for Basic sign-in, enter them as this configuration's " +
        "Username and Password, with Basic (user and password) chosen under Authorization on the integration's " +
        'Connection tab.',
    );
  });

  it('shows what stands before the @ as •••• (what the window is given), and that is refused too', () => {
    expect(withUserInfoMasked('http://admin:hunter2pass@127.0.0.1:8080/v1')).toBe(
      'http://••••@127.0.0.1:8080/v1',
    );
    expect(withUserInfoMasked('https://a:b@c@{{config.host}}/x')).toBe('https://••••@{{config.host}}/x');
    expect(withUserInfoMasked('https://api.example.com/users/me@example.com')).toBe(
      'https://api.example.com/users/me@example.com',
    );
    expect(baseUrlProblem('http://••••@127.0.0.1:8080/v1', 'integration')?.suggestion).toBe(
      'http://127.0.0.1:8080/v1',
    );
  });
});
