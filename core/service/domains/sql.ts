import type { SqlValue } from '../../api/sql';
import { DatabaseError } from '../../db/workspace-db';
import { fail } from '../../errors';
import type { ServiceContext } from '../context';
import type { Registry } from '../registry';
import { optionalArray, requiredString } from '../validate';

/** SQLSTATE 25006: read_only_sql_transaction. */
const READ_ONLY_VIOLATION = '25006';

export function registerSql(registry: Registry, ctx: ServiceContext): void {
  registry.registerDomain('sql', {
    'sql/query': async (args) => {
      const sql = requiredString(args, 'sql', 'A SQL statement');
      const params = (optionalArray(args, 'params') ?? []) as SqlValue[];
      const { db } = await ctx.useWorkspace(requiredString(args, 'workspace', 'Workspace'));
      try {
        return await db.queryReadOnly(sql, params);
      } catch (err) {
        if (err instanceof DatabaseError) {
          if (err.sqlState === READ_ONLY_VIOLATION) {
            fail('read-only-violation', `Only reading is allowed here: ${err.message}.`, {
              sqlState: err.sqlState,
            });
          }
          fail('query-failed', `The query failed: ${err.message}${err.hint ? ` (${err.hint})` : ''}.`, {
            sqlState: err.sqlState,
            position: err.position,
            detail: err.detail,
          });
        }
        throw err;
      }
    },
  });
}
