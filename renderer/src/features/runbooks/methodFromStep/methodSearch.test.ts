import { describe, expect, it } from 'vitest';
import { inListOrder, searchMethods, type SearchableMethod } from './methodSearch';

const method = (id: string, integrationName: string, name: string): SearchableMethod => ({
  id,
  name,
  integrationId: integrationName.toLowerCase(),
  integrationName,
});

const catalog = [
  method('1', 'HaloPSA', 'Create ticket'),
  method('2', 'NinjaOne', 'List devices'),
  method('3', 'HaloPSA', 'Add note'),
  method('4', 'NinjaOne', 'Create ticket'),
  method('5', 'Azure AD', 'Disable user'),
];

const names = (query: string) => inListOrder(searchMethods(catalog, query)).map((found) => found.id);

describe('the method picker search', () => {
  it('lists every method, grouped by integration, both sorted by name, for an empty query', () => {
    const groups = searchMethods(catalog, '  ');
    expect(groups.map((group) => group.integrationName)).toEqual(['Azure AD', 'HaloPSA', 'NinjaOne']);
    expect(names('')).toEqual(['5', '3', '1', '4', '2']);
  });

  it('matches a method name in any case', () => {
    expect(names('TICKET')).toEqual(['1', '4']);
  });

  it('matches the integration name, so one integration can be listed alone', () => {
    expect(names('halo')).toEqual(['3', '1']);
  });

  it('finds the whole phrase across integration and method, so typing more narrows to it', () => {
    const desks = [
      method('a', 'Desk 1', 'Method 4'),
      method('b', 'Desk 1', 'Method 14'),
      method('c', 'Desk 2', 'Method 41'),
      method('d', 'Desk 12', 'Method 40'),
    ];
    const found = (query: string) => inListOrder(searchMethods(desks, query)).map((match) => match.id);
    expect(found('desk 1 method 4')).toEqual(['a']);
    expect(found('desk 1  METHOD  4')).toEqual(['a']);
    expect(found('method 4')).toEqual(['a', 'c', 'd']);
  });

  it('else needs every word, each in the method or its integration, in any order', () => {
    expect(names('ticket ninja')).toEqual(['4']);
    expect(names('halo devices')).toEqual([]);
  });

  it('sorts numbers in names by value', () => {
    const many = [method('a', 'Desk', 'Method 10'), method('b', 'Desk', 'Method 9')];
    expect(inListOrder(searchMethods(many, 'method')).map((found) => found.name)).toEqual([
      'Method 9',
      'Method 10',
    ]);
  });

  it('finds one method among a thousand by a word of its integration and its name', () => {
    const thousand = Array.from({ length: 1000 }, (_, index) =>
      method(String(index), `Integration ${String(index % 20)}`, `Method ${String(index)}`),
    );
    expect(inListOrder(searchMethods(thousand, 'integration 7 method 107'))).toEqual([thousand[107]]);
  });
});
