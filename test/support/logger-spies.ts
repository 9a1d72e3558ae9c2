/**
 * The handler logger's `info` and `warn` spied on (and still called: the logs stay silent, see quiet-logs.ts) in each
 * test of the file or `describe` that calls `spyOnLogger`, for the tests that assert what a decision logs.
 */
import { logger } from '../../lambda/logger';

export interface LoggerSpies {
  readonly info: jest.SpyInstance;
  readonly warn: jest.SpyInstance;
}

export function spyOnLogger(): LoggerSpies {
  const spies = {} as { info: jest.SpyInstance; warn: jest.SpyInstance };
  beforeEach(() => {
    spies.info = jest.spyOn(logger, 'info');
    spies.warn = jest.spyOn(logger, 'warn');
  });
  afterEach(() => {
    spies.info.mockRestore();
    spies.warn.mockRestore();
  });
  return spies;
}
