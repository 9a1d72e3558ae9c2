/**
 * The stack lifecycle (ordering, rollback, cleanup, statuses) over an in-process resource model: fast, and exact
 * about what is called when. The custom resource protocol itself is covered by provider-framework.test.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  LocalCloudFormation,
  ResourceModel,
  StackStateError,
  TemplateValidationError,
} from '../../../tools/local-cloudformation';

const STACK = 'Lifecycle';
const TYPE = 'Test::Thing';

interface Call {
  readonly action: 'create' | 'update' | 'delete';
  readonly logicalId: string;
  readonly physicalId: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly oldProperties?: Readonly<Record<string, unknown>>;
}

/**
 * A model that records its calls; the physical id is the `Name` property (a new name is a replacement). A call
 * fails if listed in `failing`, if its properties have `FailOn` set to its action, or if it is an update away from
 * properties with `Sticky: true`.
 */
class RecordingModel {
  public readonly calls: Call[] = [];
  /** `create:A`, `update:B`, `delete:C`: the calls that fail. */
  public readonly failing = new Set<string>();

  public readonly model: ResourceModel = {
    create: async ({ logicalId, properties }) =>
      this.act({ action: 'create', logicalId, physicalId: nameOf(logicalId, properties), properties }),
    update: async ({ logicalId, properties, oldProperties }) =>
      this.act({ action: 'update', logicalId, physicalId: nameOf(logicalId, properties), properties, oldProperties }),
    delete: async ({ logicalId, physicalId, properties }) => {
      await this.act({ action: 'delete', logicalId, physicalId, properties });
    },
  };

  public take(): Call[] {
    return this.calls.splice(0);
  }

  private async act(call: Call): Promise<{ physicalId: string; attributes: Record<string, unknown> }> {
    await Promise.resolve();
    this.calls.push(call);
    const fails =
      this.failing.has(`${call.action}:${call.logicalId}`) ||
      call.properties.FailOn === call.action ||
      call.oldProperties?.Sticky === true;
    if (fails) throw new Error(`${call.logicalId} refuses to ${call.action}`);
    return { physicalId: call.physicalId, attributes: { Echo: call.properties.Value } };
  }
}

function nameOf(logicalId: string, properties: Readonly<Record<string, unknown>>): string {
  return typeof properties.Name === 'string' ? properties.Name : `${logicalId}-physical`;
}

interface ResourceSpec {
  readonly properties?: Record<string, unknown>;
  readonly dependsOn?: string[];
  readonly deletionPolicy?: string;
  readonly type?: string;
  readonly condition?: string;
}

const dirs: string[] = [];

/** A folder holding only `<stack>.template.json`. */
function assembly(resources: Record<string, ResourceSpec>, extra: Record<string, unknown> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lcf-lifecycle-'));
  dirs.push(dir);
  const template = {
    ...extra,
    Resources: Object.fromEntries(
      Object.entries(resources).map(([logicalId, spec]) => [
        logicalId,
        {
          Type: spec.type ?? TYPE,
          Properties: spec.properties ?? {},
          ...(spec.dependsOn ? { DependsOn: spec.dependsOn } : {}),
          ...(spec.deletionPolicy ? { DeletionPolicy: spec.deletionPolicy } : {}),
          ...(spec.condition ? { Condition: spec.condition } : {}),
        },
      ]),
    ),
  };
  fs.writeFileSync(path.join(dir, `${STACK}.template.json`), JSON.stringify(template));
  return dir;
}

const summary = (calls: Call[]) => calls.map((call) => `${call.action} ${call.logicalId} ${call.physicalId}`);

let recorder: RecordingModel;
let cfn: LocalCloudFormation;

beforeEach(() => {
  recorder = new RecordingModel();
  cfn = new LocalCloudFormation({ resourceModels: { [TYPE]: recorder.model } });
});

afterEach(() => cfn.close());

afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('create', () => {
  test('creates in dependency order, with references resolved and native property types for models', async () => {
    const result = await cfn.deploy({
      assemblyDir: assembly({
        B: { properties: { Value: 3, Source: { 'Fn::GetAtt': ['A', 'Echo'] }, Ref: { Ref: 'A' } } },
        A: { properties: { Value: 'a' } },
      }),
      stackName: STACK,
    });
    expect(result.status).toBe('CREATE_COMPLETE');
    const calls = recorder.take();
    expect(summary(calls)).toEqual(['create A A-physical', 'create B B-physical']);
    expect(calls[1].properties).toEqual({ Value: 3, Source: 'a', Ref: 'A-physical' });
    expect(cfn.stack(STACK)!.resources.B).toMatchObject({
      type: TYPE,
      physicalId: 'B-physical',
      attributes: { Echo: 3 },
    });
  });

  test('independent resources are created concurrently (120 creates all start before any ends)', async () => {
    const count = 120;
    let started = 0;
    let release!: () => void;
    const allStarted = new Promise<void>((resolve) => (release = resolve));
    const barrier: ResourceModel = {
      create: async ({ logicalId }) => {
        if (++started === count) release();
        await allStarted; // a runner creating one at a time would never get past the first
        return { physicalId: logicalId };
      },
      delete: () => undefined,
    };
    const runner = new LocalCloudFormation({ resourceModels: { [TYPE]: barrier } });
    const resources = Object.fromEntries(Array.from({ length: count }, (_, i) => [`R${i}`, {}]));
    try {
      expect((await runner.deploy({ assemblyDir: assembly(resources), stackName: STACK })).status).toBe(
        'CREATE_COMPLETE',
      );
    } finally {
      await runner.close();
    }
  });

  test('a failure stops new creates and rolls back what exists, in reverse dependency order', async () => {
    recorder.failing.add('create:C');
    const result = await cfn.deploy({
      assemblyDir: assembly({
        A: {},
        B: { dependsOn: ['A'] },
        C: { dependsOn: ['B'] },
        D: { dependsOn: ['C'] },
      }),
      stackName: STACK,
    });
    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(result.reason).toBe('C: C refuses to create');
    expect(summary(recorder.take())).toEqual([
      'create A A-physical',
      'create B B-physical',
      'create C C-physical',
      'delete B B-physical',
      'delete A A-physical',
    ]);
    expect(result.events.map((event) => `${event.phase} ${event.action} ${event.logicalId} ${event.status}`)).toEqual([
      'deploy CREATE A COMPLETE',
      'deploy CREATE B COMPLETE',
      'deploy CREATE C FAILED',
      'rollback DELETE B COMPLETE',
      'rollback DELETE A COMPLETE',
    ]);
    expect(cfn.stack(STACK)).toMatchObject({ status: 'ROLLBACK_COMPLETE', resources: {} });
  });

  test('a failed rollback delete leaves ROLLBACK_FAILED, keeping that resource and what it depends on', async () => {
    recorder.failing.add('create:C');
    recorder.failing.add('delete:B');
    const result = await cfn.deploy({
      assemblyDir: assembly({ A: {}, B: { dependsOn: ['A'] }, C: { dependsOn: ['B'] } }),
      stackName: STACK,
    });
    expect(result.status).toBe('ROLLBACK_FAILED');
    expect(Object.keys(cfn.stack(STACK)!.resources).sort()).toEqual(['A', 'B']);
    await expect(cfn.deploy({ assemblyDir: assembly({ A: {} }), stackName: STACK })).rejects.toThrow(StackStateError);
  });

  test('a stack in ROLLBACK_COMPLETE is replaced by the next deploy', async () => {
    recorder.failing.add('create:A');
    expect((await cfn.deploy({ assemblyDir: assembly({ A: {} }), stackName: STACK })).status).toBe('ROLLBACK_COMPLETE');
    recorder.failing.clear();
    expect((await cfn.deploy({ assemblyDir: assembly({ A: {} }), stackName: STACK })).status).toBe('CREATE_COMPLETE');
  });

  test('an unmodelled resource type fails the deploy before anything is created', async () => {
    const deploy = cfn.deploy({
      assemblyDir: assembly({ A: {}, Campaign: { type: 'AWS::ConnectCampaignsV2::Campaign' } }),
      stackName: STACK,
    });
    await expect(deploy).rejects.toThrow(TemplateValidationError);
    await expect(deploy).rejects.toThrow(/unmodelled resource type AWS::ConnectCampaignsV2::Campaign \(Campaign\)/);
    expect(recorder.calls).toEqual([]);
    expect(cfn.stack(STACK)).toBeUndefined();
  });

  test('parameters (default, runner, deploy) and conditions decide what is created', async () => {
    const runner = new LocalCloudFormation({
      resourceModels: { [TYPE]: recorder.model },
      parameters: { Size: 'runner' },
    });
    const dir = assembly(
      {
        A: { properties: { Env: { Ref: 'Env' }, Size: { Ref: 'Size' } } },
        OnlyInProd: { condition: 'IsProd' },
      },
      {
        Parameters: { Env: { Type: 'String', Default: 'dev' }, Size: { Type: 'String', Default: 'template' } },
        Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
        Outputs: { Where: { Value: { 'Fn::Sub': '${Env}/${A}/${AWS::Region}/${AWS::AccountId}' } } },
      },
    );
    try {
      const dev = await runner.deploy({ assemblyDir: dir, stackName: STACK });
      expect(dev.outputs).toEqual({ Where: 'dev/A-physical/us-east-1/123456789012' });
      expect(summary(recorder.take())).toEqual(['create A A-physical']);
      await runner.deploy({ assemblyDir: dir, stackName: STACK, parameters: { Env: 'prod' } });
      expect(recorder.take().map((call) => [call.action, call.logicalId, call.properties])).toEqual([
        ['update', 'A', { Env: 'prod', Size: 'runner' }],
        ['create', 'OnlyInProd', {}],
      ]);
    } finally {
      await runner.close();
    }
  });
});

describe('update', () => {
  beforeEach(async () => {
    const v1 = assembly({
      A: { properties: { Value: 1 } },
      B: { properties: { Value: 1 }, dependsOn: ['A'] },
      Gone: { dependsOn: ['A'] },
      GoneToo: { dependsOn: ['Gone'] },
    });
    expect((await cfn.deploy({ assemblyDir: v1, stackName: STACK })).status).toBe('CREATE_COMPLETE');
    recorder.take();
  });

  test('sends nothing for unchanged resources, updates changed ones, creates new ones, then cleans up', async () => {
    const result = await cfn.deploy({
      assemblyDir: assembly({
        A: { properties: { Value: 2 } },
        B: { properties: { Value: 1 }, dependsOn: ['A'] },
        New: { dependsOn: ['A'] },
      }),
      stackName: STACK,
    });
    expect(result.status).toBe('UPDATE_COMPLETE');
    const calls = recorder.take();
    expect(summary(calls)).toEqual([
      'update A A-physical',
      'create New New-physical',
      // cleanup, in the old template's reverse dependency order: GoneToo depended on Gone
      'delete GoneToo GoneToo-physical',
      'delete Gone Gone-physical',
    ]);
    expect(calls[0]).toMatchObject({ properties: { Value: 2 }, oldProperties: { Value: 1 } });
    expect(result.events.filter((event) => event.phase === 'cleanup')).toHaveLength(2);
    expect(Object.keys(cfn.stack(STACK)!.resources).sort()).toEqual(['A', 'B', 'New']);
  });

  test('a replacement deletes the old physical id after the whole update succeeded', async () => {
    const result = await cfn.deploy({
      assemblyDir: assembly({
        A: { properties: { Value: 1, Name: 'A-v2' } },
        B: { properties: { Value: 2 }, dependsOn: ['A'] },
        Gone: { dependsOn: ['A'] },
        GoneToo: { dependsOn: ['Gone'] },
      }),
      stackName: STACK,
    });
    expect(result.status).toBe('UPDATE_COMPLETE');
    const calls = recorder.take();
    expect(summary(calls)).toEqual(['update A A-v2', 'update B B-physical', 'delete A A-physical']);
    expect(calls[2].properties).toEqual({ Value: 1 }); // the old properties
    expect(cfn.stack(STACK)!.resources.A.physicalId).toBe('A-v2');
  });

  test('a failed cleanup delete is a warning: the update completes', async () => {
    recorder.failing.add('delete:GoneToo');
    const result = await cfn.deploy({
      assemblyDir: assembly({ A: { properties: { Value: 1 } }, B: { properties: { Value: 1 }, dependsOn: ['A'] } }),
      stackName: STACK,
    });
    expect(result.status).toBe('UPDATE_COMPLETE');
    expect(result.warnings).toEqual(['GoneToo (GoneToo-physical): delete failed: GoneToo refuses to delete']);
    expect(summary(recorder.take())).toEqual(['delete GoneToo GoneToo-physical', 'delete Gone Gone-physical']);
  });

  test('a failure rolls back: updates back to the previous properties, deletes what the update created', async () => {
    const result = await cfn.deploy({
      assemblyDir: assembly({
        A: { properties: { Value: 2 } },
        B: { properties: { Value: 2, FailOn: 'update' }, dependsOn: ['A'] },
        New: { dependsOn: ['A'] },
        Gone: { dependsOn: ['A'] },
        GoneToo: { dependsOn: ['Gone'] },
      }),
      stackName: STACK,
    });
    expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(result.reason).toBe('B: B refuses to update');
    const calls = recorder.take();
    expect(
      calls
        .slice(0, 3)
        .map((call) => `${call.action} ${call.logicalId}`)
        .sort(),
    ).toEqual(['create New', 'update A', 'update B']);
    // Back in the old template's order (B depended on A), the failed B included; then the rollback cleanup.
    expect(summary(calls.slice(3))).toEqual(['update A A-physical', 'update B B-physical', 'delete New New-physical']);
    expect(calls[3]).toMatchObject({ properties: { Value: 1 }, oldProperties: { Value: 2 } });
    expect(calls[4]).toMatchObject({ properties: { Value: 1 }, oldProperties: { Value: 2, FailOn: 'update' } });
    expect(result.events.filter((event) => event.phase === 'rollback-cleanup')).toHaveLength(1);
    const stack = cfn.stack(STACK)!;
    expect(stack.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(Object.keys(stack.resources).sort()).toEqual(['A', 'B', 'Gone', 'GoneToo']);
    expect(stack.resources.A.properties).toEqual({ Value: 1 });
  });

  test('a failed Update back leaves UPDATE_ROLLBACK_FAILED, which refuses further updates', async () => {
    const result = await cfn.deploy({
      assemblyDir: assembly({
        A: { properties: { Value: 2, Sticky: true } },
        B: { properties: { Value: 2, FailOn: 'update' }, dependsOn: ['A'] },
      }),
      stackName: STACK,
    });
    expect(result.status).toBe('UPDATE_ROLLBACK_FAILED');
    expect(result.events.find((event) => event.phase === 'rollback')).toMatchObject({
      logicalId: 'A',
      status: 'FAILED',
    });
    await expect(cfn.deploy({ assemblyDir: assembly({ A: {} }), stackName: STACK })).rejects.toThrow(
      /is in UPDATE_ROLLBACK_FAILED state and can not be updated/,
    );
  });

  test('changing a resource type is rejected before anything runs', async () => {
    const deploy = cfn.deploy({
      assemblyDir: assembly({ A: { type: 'Custom::Other', properties: { ServiceToken: 'x' } } }),
      stackName: STACK,
    });
    await expect(deploy).rejects.toThrow(/Update of resource type is not permitted: A/);
    expect(recorder.calls).toEqual([]);
  });
});

describe('delete', () => {
  test('deletes in reverse dependency order, skipping DeletionPolicy Retain', async () => {
    await cfn.deploy({
      assemblyDir: assembly({ A: {}, B: { dependsOn: ['A'] }, Kept: { deletionPolicy: 'Retain', dependsOn: ['B'] } }),
      stackName: STACK,
    });
    recorder.take();
    const result = await cfn.destroy(STACK);
    expect(result.status).toBe('DELETE_COMPLETE');
    expect(summary(recorder.take())).toEqual(['delete B B-physical', 'delete A A-physical']);
    expect(result.events[0]).toMatchObject({ logicalId: 'Kept', action: 'DELETE', status: 'SKIPPED' });
    expect(cfn.stack(STACK)).toBeUndefined();
  });

  test('a failed delete leaves DELETE_FAILED with it and what it depends on; independent ones are deleted', async () => {
    await cfn.deploy({ assemblyDir: assembly({ A: {}, B: { dependsOn: ['A'] }, Other: {} }), stackName: STACK });
    recorder.failing.add('delete:B');
    const result = await cfn.destroy(STACK);
    expect(result.status).toBe('DELETE_FAILED');
    expect(result.reason).toBe('B: B refuses to delete');
    expect(Object.keys(cfn.stack(STACK)!.resources).sort()).toEqual(['A', 'B']);
    recorder.failing.clear();
    expect((await cfn.destroy(STACK)).status).toBe('DELETE_COMPLETE');
  });
});

describe('live state, as the CloudFormation API reports it after an operation', () => {
  let client: CloudFormationClient;

  beforeEach(async () => {
    client = new CloudFormationClient({
      endpoint: await cfn.cloudFormationEndpoint(),
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
  });

  afterEach(() => client.destroy());

  const describeStack = async (stackName: string) => {
    const [stack] = (await client.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks!;
    const { StackResourceSummaries } = await client.send(new ListStackResourcesCommand({ StackName: stackName }));
    const resources = StackResourceSummaries!.map(
      (summary) => `${summary.LogicalResourceId} ${summary.PhysicalResourceId ?? '-'} ${summary.ResourceStatus}`,
    );
    return { status: stack.StackStatus, reason: stack.StackStatusReason, resources };
  };

  test('a failed cleanup delete leaves the stack; a failed stack delete keeps it, retained ones DELETE_SKIPPED', async () => {
    await cfn.deploy({
      assemblyDir: assembly({ A: {}, Gone: {}, Kept: { deletionPolicy: 'Retain' } }),
      stackName: STACK,
    });
    recorder.failing.add('delete:Gone');
    await cfn.deploy({ assemblyDir: assembly({ A: {}, Kept: { deletionPolicy: 'Retain' } }), stackName: STACK });
    expect(await describeStack(STACK)).toEqual({
      status: 'UPDATE_COMPLETE',
      reason: undefined,
      resources: ['A A-physical CREATE_COMPLETE', 'Kept Kept-physical CREATE_COMPLETE'],
    });
    recorder.failing.add('delete:A');
    expect((await cfn.destroy(STACK)).status).toBe('DELETE_FAILED');
    expect(await describeStack(STACK)).toEqual({
      status: 'DELETE_FAILED',
      reason: 'The following resource(s) failed to delete: [A]. ',
      resources: ['A A-physical DELETE_FAILED', 'Kept Kept-physical DELETE_SKIPPED'],
    });
  });

  test('after a failed create, every resource is DELETE_COMPLETE, the failed one without a physical id', async () => {
    recorder.failing.add('create:B');
    const result = await cfn.deploy({ assemblyDir: assembly({ A: {}, B: { dependsOn: ['A'] } }), stackName: STACK });
    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(await describeStack(result.stackId)).toEqual({
      status: 'ROLLBACK_COMPLETE',
      reason: undefined,
      resources: ['A A-physical DELETE_COMPLETE', 'B - DELETE_COMPLETE'],
    });
  });
});
