/**
 * End to end: CDK apps synthesized in-process, with custom resources behind aws-cdk-lib's provider framework whose
 * onEvent handler (inline code) records every event it receives. Checks the lifecycle from the handler's side.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnOutput, CustomResource } from 'aws-cdk-lib';
import { LocalCloudFormation, OperationResult } from '../../../tools/local-cloudformation';
import { InlineProviderApp } from './inline-provider-app';

jest.setTimeout(60_000);

/**
 * Records the event, then answers: a Create after `SleepMs` (recording an `Ended` event then); fails if `FailOn` lists the
 * request type, else returns `PhysicalId` (or keeps the current id) and echoes `Value` as the attribute `Echo`.
 */
const HANDLER = `
const fs = require('fs');
exports.handler = async (event) => {
  fs.appendFileSync(process.env.EVENTS_FILE, JSON.stringify(event) + '\\n');
  const props = event.ResourceProperties;
  if (props.SleepMs && event.RequestType === 'Create') {
    await new Promise((resolve) => setTimeout(resolve, Number(props.SleepMs)));
    fs.appendFileSync(process.env.EVENTS_FILE, JSON.stringify({ RequestType: 'Ended', LogicalResourceId: event.LogicalResourceId }) + '\\n');
  }
  if ((props.FailOn || '').split(',').includes(event.RequestType)) {
    throw new Error(event.LogicalResourceId + ' refuses ' + event.RequestType);
  }
  const physicalId = event.RequestType === 'Delete' ? event.PhysicalResourceId : props.PhysicalId || event.PhysicalResourceId || event.LogicalResourceId;
  return { PhysicalResourceId: physicalId, Data: { Echo: props.Value } };
};`;

interface ResourceSpec {
  readonly properties: Record<string, unknown>;
  readonly dependsOn?: string[];
}

interface RecordedEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete' | 'Ended';
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceType: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly ResponseURL: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
}

const STACK = 'ProviderE2E';
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lcf-provider-'));
const eventsFile = path.join(workDir, 'events.jsonl');
let cfn: LocalCloudFormation;
let synths = 0;

/** Synthesizes a stack with one provider and the given custom resources (`Ref:X` / `Echo:X` reference others). */
function synth(resources: Record<string, ResourceSpec>): string {
  const app = new InlineProviderApp(path.join(workDir, `assembly-${synths++}`), STACK, HANDLER);
  const created = new Map<string, CustomResource>();
  for (const [id, spec] of Object.entries(resources)) {
    const properties = Object.fromEntries(
      Object.entries(spec.properties).map(([key, value]) => [key, reference(created, value)]),
    );
    const resource = app.customResource(id, properties, 'Custom::Recorder');
    spec.dependsOn?.forEach((other) => resource.node.addDependency(created.get(other)!));
    created.set(id, resource);
  }
  if (created.has('A')) new CfnOutput(app.stack, 'AEcho', { value: created.get('A')!.getAttString('Echo') });
  return app.synth();
}

function reference(created: ReadonlyMap<string, CustomResource>, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const [kind, id] = value.split(':');
  if (kind === 'Ref') return created.get(id)!.ref;
  if (kind === 'Echo') return created.get(id)!.getAttString('Echo');
  return value;
}

/** The events the handler received since the last call. */
function takeEvents(): RecordedEvent[] {
  if (!fs.existsSync(eventsFile)) return [];
  const lines = fs.readFileSync(eventsFile, 'utf8').split('\n').filter(Boolean);
  fs.rmSync(eventsFile);
  return lines.map((line) => JSON.parse(line) as RecordedEvent);
}

const brief = (events: RecordedEvent[]) =>
  events.map(
    (event) =>
      `${event.RequestType} ${event.LogicalResourceId}${event.PhysicalResourceId ? ` ${event.PhysicalResourceId}` : ''}`,
  );

const deploy = (assemblyDir: string): Promise<OperationResult> => cfn.deploy({ assemblyDir, stackName: STACK });

beforeAll(() => {
  cfn = new LocalCloudFormation({ env: { EVENTS_FILE: eventsFile } });
});

afterAll(async () => {
  await cfn.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('a stack of provider-framework custom resources', () => {
  test('create: dependency order, stringified properties, Ref and GetAtt from response Data', async () => {
    const result = await deploy(
      synth({
        A: { properties: { Value: 42, Nested: [true, { Limit: 3, Name: 'x' }], PhysicalId: 'a-1' } },
        B: { properties: { Value: 'Echo:A', Of: 'Ref:A' } },
      }),
    );
    expect(result.status).toBe('CREATE_COMPLETE');
    expect(result.outputs).toEqual({ AEcho: '42' });
    const [a, b, ...rest] = takeEvents();
    expect(rest).toEqual([]);
    expect(a).toMatchObject({
      RequestType: 'Create',
      LogicalResourceId: 'A',
      ResourceType: 'Custom::Recorder',
      StackId: result.stackId,
      ResourceProperties: { Value: '42', Nested: ['true', { Limit: '3', Name: 'x' }], PhysicalId: 'a-1' },
    });
    expect(a.ResourceProperties.ServiceToken).toMatch(/^arn:aws:lambda:us-east-1:123456789012:function:Provider/);
    expect(a.PhysicalResourceId).toBeUndefined();
    expect(a.OldResourceProperties).toBeUndefined();
    expect(b).toMatchObject({
      RequestType: 'Create',
      LogicalResourceId: 'B',
      ResourceProperties: { Value: '42', Of: 'a-1' },
    });
    expect(cfn.stack(STACK)!.resources.A).toMatchObject({ physicalId: 'a-1', attributes: { Echo: '42' } });
  });

  test('update: only changed resources get an Update, with OldResourceProperties; added ones a Create', async () => {
    const result = await deploy(
      synth({
        A: { properties: { Value: 42, Nested: [true, { Limit: 4, Name: 'x' }], PhysicalId: 'a-1' } },
        B: { properties: { Value: 'Echo:A', Of: 'Ref:A' } },
        C: { properties: { Value: 'c' }, dependsOn: ['A'] },
      }),
    );
    expect(result.status).toBe('UPDATE_COMPLETE');
    const events = takeEvents();
    expect(brief(events)).toEqual(['Update A a-1', 'Create C']);
    expect(events[0].ResourceProperties.Nested).toEqual(['true', { Limit: '4', Name: 'x' }]);
    expect(events[0].OldResourceProperties!.Nested).toEqual(['true', { Limit: '3', Name: 'x' }]);
  });

  test('replacement: a new physical id from an Update gets the old one deleted, with the old properties, at cleanup', async () => {
    const result = await deploy(
      synth({
        A: { properties: { Value: 42, Nested: [true, { Limit: 4, Name: 'x' }], PhysicalId: 'a-2' } },
        B: { properties: { Value: 'Echo:A', Of: 'Ref:A' } },
      }),
    );
    expect(result.status).toBe('UPDATE_COMPLETE');
    const events = takeEvents();
    // B follows A's new physical id; then cleanup: C (removed, it depended on A) before the replaced a-1.
    expect(brief(events)).toEqual(['Update A a-1', 'Update B B', 'Delete C C', 'Delete A a-1']);
    expect(events[1].ResourceProperties.Of).toBe('a-2');
    expect(events[3].ResourceProperties.PhysicalId).toBe('a-1');
    expect(result.events.filter((event) => event.phase === 'cleanup').map((event) => event.logicalId)).toEqual([
      'C',
      'A',
    ]);
  });

  test('a failed update rolls back: Updates back (the failed one included), Deletes what it created', async () => {
    const result = await deploy(
      synth({
        A: { properties: { Value: 43, Nested: [true, { Limit: 4, Name: 'x' }], PhysicalId: 'a-2' } },
        // B waits for D, so that D's Create has ended when B fails (else it would be cancelled, as below).
        D: { properties: { Value: 'd' } },
        B: { properties: { Value: 'Echo:A', Of: 'Ref:A', FailOn: 'Update' }, dependsOn: ['D'] },
      }),
    );
    expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    // The function's name is generated for the stack, as CloudFormation does: <stack>-<logical id>-<12 characters>.
    expect(result.reason).toMatch(
      /^B: B refuses Update\n\nLogs: \/aws\/lambda\/ProviderE2E-Handler[0-9A-F]{8}-[A-Za-z0-9]{12}\n/,
    );
    const events = takeEvents();
    expect(brief(events.slice(0, 3)).sort()).toEqual(['Create D', 'Update A a-2', 'Update B B']);
    const rollback = events.slice(3);
    expect(brief(rollback)).toEqual(['Update A a-2', 'Update B B', 'Delete D D']);
    expect(rollback[0]).toMatchObject({ ResourceProperties: { Value: '42' }, OldResourceProperties: { Value: '43' } });
    expect(rollback[1].ResourceProperties).not.toHaveProperty('FailOn');
    expect(rollback[1].OldResourceProperties).toMatchObject({ Value: '43', FailOn: 'Update' });
    expect(cfn.stack(STACK)!.outputs).toEqual({ AEcho: '42' });
  });

  test('delete: reverse dependency order; the stack is gone', async () => {
    const result = await cfn.destroy(STACK);
    expect(result.status).toBe('DELETE_COMPLETE');
    expect(brief(takeEvents())).toEqual(['Delete B B', 'Delete A a-2']);
    expect(cfn.stack(STACK)).toBeUndefined();
  });

  test('a create still running when a sibling fails is cancelled: its Delete has a generated physical id and does not wait', async () => {
    const result = await deploy(
      synth({ A: { properties: { Value: 1, SleepMs: 1_000 } }, B: { properties: { Value: 2, FailOn: 'Create' } } }),
    );
    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(result.reason).toMatch(/^B: B refuses Create/);
    const a = result.events.filter((event) => event.logicalId === 'A');
    expect(a.map((event) => [event.action, event.status, event.reason])).toEqual([
      ['CREATE', 'FAILED', 'Resource creation cancelled'],
      ['DELETE', 'COMPLETE', undefined],
    ]);
    const generated = a[1].physicalId!;
    expect(generated).toMatch(/^ProviderE2E-A-[A-Z0-9]{12}$/);
    // The Delete reached the handler while A's Create was still running; B's Delete (of the framework's
    // CREATE_FAILED marker) was answered by the framework itself.
    const events = brief(takeEvents());
    expect(events.slice(0, 2).sort()).toEqual(['Create A', 'Create B']);
    expect(events.slice(2)).toEqual([`Delete A ${generated}`, 'Ended A']);
  });

  test('a failed create rolls back; the framework answers the Delete of its CREATE_FAILED marker itself', async () => {
    const result = await deploy(
      synth({ A: { properties: { Value: 1 } }, B: { properties: { Value: 2, FailOn: 'Create' }, dependsOn: ['A'] } }),
    );
    expect(result.status).toBe('ROLLBACK_COMPLETE');
    const failed = result.events.find((event) => event.status === 'FAILED')!;
    expect(failed).toMatchObject({
      logicalId: 'B',
      action: 'CREATE',
      physicalId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED',
    });
    expect(failed.reason).toMatch(/^B refuses Create\n/);
    const rollback = result.events.filter((event) => event.phase === 'rollback');
    expect(rollback.slice(0, 2).map((event) => `${event.logicalId} ${event.physicalId}`)).toEqual([
      'B AWSCDK::CustomResourceProviderFramework::CREATE_FAILED',
      'A A',
    ]);
    // Everything created is deleted, the functions only after the custom resources they serve.
    expect(rollback.slice(2).map((event) => event.resourceType)).not.toContain('Custom::Recorder');
    expect(rollback.every((event) => event.status === 'COMPLETE')).toBe(true);
    expect(brief(takeEvents())).toEqual(['Create A', 'Create B', 'Delete A A']);
  });

  test('a failed delete leaves DELETE_FAILED and keeps the resource', async () => {
    expect((await deploy(synth({ A: { properties: { Value: 1, FailOn: 'Delete' } } }))).status).toBe('CREATE_COMPLETE');
    takeEvents();
    const result = await cfn.destroy(STACK);
    expect(result.status).toBe('DELETE_FAILED');
    expect(result.reason).toMatch(/^A: A refuses Delete/);
    expect(Object.keys(cfn.stack(STACK)!.resources)).toContain('A');
    expect(brief(takeEvents())).toEqual(['Delete A A']);
  });
});
