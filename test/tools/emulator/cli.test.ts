/** Command-line parsing and the per-request log line of the demo CLI. */
import { formatCall, parseCliArgs } from '../../../tools/emulator/cli';

describe('parseCliArgs', () => {
  test('defaults: port 4599, no campaigns, no faults', () => {
    expect(parseCliArgs([])).toEqual({
      port: 4599,
      host: undefined,
      campaigns: [],
      faults: {
        throttle: undefined,
        serverErrorRatio: undefined,
        conflictRatio: undefined,
        latencyMs: undefined,
        seed: undefined,
      },
    });
  });

  test('campaigns with optional states, and fault options', () => {
    const options = parseCliArgs([
      '--port',
      '0',
      '--host',
      '::1',
      '--campaign',
      'a',
      '--campaign',
      'b:c/d=Running',
      '--throttle-rate',
      '2',
      '--throttle-burst',
      '5',
      '--server-error-ratio',
      '0.1',
      '--conflict-ratio',
      '0.2',
      '--latency-ms',
      '30',
      '--seed',
      '7',
    ]);
    expect(options).toEqual({
      port: 0,
      host: '::1',
      campaigns: [
        { id: 'a', state: undefined },
        { id: 'b:c/d', state: 'Running' },
      ],
      faults: {
        throttle: { ratePerSecond: 2, burst: 5 },
        serverErrorRatio: 0.1,
        conflictRatio: 0.2,
        latencyMs: 30,
        seed: 7,
      },
    });
  });

  test('bad arguments throw', () => {
    expect(() => parseCliArgs(['--campaign', 'a=Draft'])).toThrow(/state must be one of Initialized, Running/);
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow("--port must be a number, got 'abc'");
    expect(() => parseCliArgs(['--seed', ''])).toThrow('--seed must be a number');
    expect(() => parseCliArgs(['--verbose'])).toThrow(/Unknown option/);
    expect(() => parseCliArgs(['--throttle-burst', '3'])).toThrow('--throttle-burst needs --throttle-rate');
  });
});

test('formatCall prints time, operation, resource, status and error type', () => {
  const time = new Date('2025-01-02T03:04:05.000Z');
  const base = { method: 'POST', path: '/v2/campaigns/c1/communication-limits', requestId: 'r', time };
  expect(formatCall({ ...base, operation: 'UpdateCampaignCommunicationLimits', campaignId: 'c1', status: 200 })).toBe(
    '2025-01-02T03:04:05.000Z UpdateCampaignCommunicationLimits c1 -> 200',
  );
  const unknown = { operation: 'UnknownOperation', status: 404, errorType: 'UnknownOperationException' } as const;
  expect(formatCall({ ...base, ...unknown })).toBe(
    '2025-01-02T03:04:05.000Z UnknownOperation /v2/campaigns/c1/communication-limits -> 404 UnknownOperationException',
  );
  const throttled = { status: 429, errorType: 'ThrottlingException' } as const;
  expect(
    formatCall({ ...base, ...throttled, operation: 'GetInstanceCommunicationLimits', connectInstanceId: 'i-1' }),
  ).toBe('2025-01-02T03:04:05.000Z GetInstanceCommunicationLimits i-1 -> 429 ThrottlingException');
});
