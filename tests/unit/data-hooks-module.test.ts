import * as hooks from '../../src/backend/data';

describe('src/backend/data.ts hooks', () => {
  it.each([
    'ContactSubmissions_beforeInsert',
    'ContactSubmissions_beforeUpdate',
    'Customers_beforeInsert',
    'Customers_beforeUpdate',
  ] as const)('%s trims and lower-cases the email and keeps the other fields', (name) => {
    const item = { _id: 'x', email: '  Grace.Hopper@Example.ORG ', name: 'Grace' };
    expect(hooks[name](item)).toEqual({ _id: 'x', email: 'grace.hopper@example.org', name: 'Grace' });
  });

  it('leaves a missing email alone (the collection validation reports it)', () => {
    expect(hooks.ContactSubmissions_beforeInsert({ name: 'x' })).toEqual({ name: 'x', email: undefined });
  });
});
