import { customer360 } from '../../analytics/customers';
import { fail } from '../../errors';
import type { ServiceContext } from '../context';
import type { Registry } from '../registry';
import { asRecord, requiredString } from '../validate';

export function registerCustomers(registry: Registry, ctx: ServiceContext): void {
  registry.registerDomain('customers', {
    'customers/get-overview': async (args) => {
      const { db } = await ctx.useWorkspace(requiredString(args, 'workspace', 'Workspace'));
      const customer = requiredString(args, 'customer', 'Customer (an email address or id)');
      const recentLimit = asRecord(args)['recentLimit'];
      if (recentLimit !== undefined && recentLimit !== null && typeof recentLimit !== 'number')
        fail('invalid-argument', 'recentLimit must be a number.', { field: 'recentLimit' });
      return customer360(db, customer, {
        now: Date.now(),
        ...(typeof recentLimit === 'number' ? { recentLimit } : {}),
      });
    },
  });
}
