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
    expect(baseUrlProblem(text)).toBeUndefined();
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
    expect(baseUrlProblem(text)).toEqual({
      message: `Base URL must start with http:// or https:// — did you mean ${suggestion}?`,
      suggestion,
    });
  });

  it.each(['htp:/…', 'ftp://files.example.com', 'api', 'just some words'])(
    'refuses %s with an example and no guess',
    (text) => {
      expect(baseUrlProblem(text)).toEqual({
        message: 'Base URL must start with http:// or https://, e.g. https://api.example.com/v1.',
      });
    },
  );

  it('refuses an address with no host', () => {
    expect(baseUrlProblem('https:///v1')?.message).toBe('Base URL needs a host name after the //.');
    expect(baseUrlProblem('http://')?.message).toBe('Base URL needs a host name after the //.');
  });

  it('refuses an address whose host does not parse', () => {
    expect(baseUrlProblem('http://api example.com')?.message).toBe(
      'Base URL is not a valid address: check the host name and port.',
    );
    expect(baseUrlProblem('http://example.com:99999')?.message).toBe(
      'Base URL is not a valid address: check the host name and port.',
    );
  });

  it('refuses a user name or password in the address, pointing to Authorization', () => {
    for (const [text, meant] of [
      ['http://admin:hunter2pass@127.0.0.1:8080', 'http://127.0.0.1:8080'],
      ['https://token@api.example.com/v1?a=b@c', 'https://api.example.com/v1?a=b@c'],
      ['https://a:b@c@{{config.host}}/x', 'https://{{config.host}}/x'],
    ] as const) {
      const problem = baseUrlProblem(text);
      expect(problem?.suggestion).toBe(meant);
      expect(problem?.message).toContain('Authorization (Basic)');
      expect(problem?.message).not.toContain('hunter2pass');
    }
    expect(baseUrlProblem('https://api.example.com/v1/users/me@example.com')).toBeUndefined();
  });

  it('shows what stands before the @ as •••• (what the window is given), and that is refused too', () => {
    expect(withUserInfoMasked('http://admin:hunter2pass@127.0.0.1:8080/v1')).toBe(
      'http://••••@127.0.0.1:8080/v1',
    );
    expect(withUserInfoMasked('https://a:b@c@{{config.host}}/x')).toBe('https://••••@{{config.host}}/x');
    expect(withUserInfoMasked('https://api.example.com/users/me@example.com')).toBe(
      'https://api.example.com/users/me@example.com',
    );
    expect(baseUrlProblem('http://••••@127.0.0.1:8080/v1')?.suggestion).toBe('http://127.0.0.1:8080/v1');
  });
});
