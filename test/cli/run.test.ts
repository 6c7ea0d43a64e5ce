/**
 * How the CLI classifies failures (pure: no process, no database). Every way the driver says
 * "the server is gone" is exit 3 in one line, wherever in the cause chain it sits; anything else
 * that is not a known failure is left to surface as a bug.
 */
import { Neo4jError } from 'neo4j-driver';
import { describeFailure, EXIT } from '../../src/cli/run.js';
import { databaseLost, DatabaseUnavailableError } from '../../src/service/errors.js';
import { unavailable } from '../../src/service/store.js';

const driverError = (message: string, code: string) =>
  new Neo4jError(message, code, '50N42', 'general processing exception');

// The driver's own wording, advice about encryption settings included.
const REFUSED = driverError(
  'Failed to connect to server. Please ensure that your database is listening on the correct host and port and that you have compatible encryption settings both on Neo4j server and driver. Note that the default encryption setting has changed in Neo4j 4.0. Caused by: connect ECONNREFUSED 127.0.0.1:7687',
  'ServiceUnavailable',
);

describe('a lost database, however the driver says it', () => {
  it.each([
    ['refused at the start', REFUSED, 'connect ECONNREFUSED 127.0.0.1:7687'],
    [
      'closed in the middle of a transaction',
      driverError('Connection was closed by server', 'ServiceUnavailable'),
      'Connection was closed by server',
    ],
    [
      'a routing session lost',
      driverError('No routing servers', 'SessionExpired'),
      'No routing servers',
    ],
    [
      'the database stopping',
      driverError(
        'Database neo4j is unavailable. It is shutting down.\nMore detail',
        'Neo.TransientError.General.DatabaseUnavailable',
      ),
      'Database neo4j is unavailable',
    ],
    [
      'the pool given up',
      driverError(
        'Connection acquisition timed out in 10000 ms. Pool status: Active conn count = 50',
        'N/A',
      ),
      'Connection acquisition timed out in 10000 ms',
    ],
    [
      'a socket error under another error',
      new Error('import failed', {
        cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      }),
      'read ECONNRESET',
    ],
  ])('%s: exit 3, one line', (_case, err, reason) => {
    expect(databaseLost(err)).toBe(reason);
    const failure = describeFailure(err);
    expect(failure).toEqual({
      code: EXIT.unavailable,
      message: `Neo4j is unreachable (${reason}).`,
    });
    expect(failure!.message).not.toContain('\n');
  });

  it('named with its server once the store knows it', () => {
    const err = unavailable(REFUSED, 'bolt://127.0.0.1:7687');
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect(describeFailure(err)).toEqual({
      code: EXIT.unavailable,
      message:
        'Neo4j at bolt://127.0.0.1:7687 is unreachable (connect ECONNREFUSED 127.0.0.1:7687).',
    });
    expect(unavailable(err, 'bolt://elsewhere:1')).toBe(err);
  });

  it('other driver errors and plain errors are not a lost database', () => {
    const syntax = driverError('Invalid input', 'Neo.ClientError.Statement.SyntaxError');
    expect(databaseLost(syntax)).toBeUndefined();
    expect(describeFailure(syntax)).toBeUndefined();
    expect(unavailable(syntax, 'bolt://x:1')).toBe(syntax);
    expect(describeFailure(new TypeError('x is undefined'))).toBeUndefined();
    expect(databaseLost('ECONNREFUSED')).toBeUndefined();
  });
});
