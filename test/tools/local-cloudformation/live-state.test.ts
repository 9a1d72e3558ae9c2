/**
 * The stack's live state as a custom resource handler reads it, through the runner's CloudFormation API endpoint
 * (`AWS_ENDPOINT_URL_CLOUDFORMATION`) and the real `@aws-sdk/client-cloudformation`, during every phase of the
 * lifecycle; and the functions' stack-specific names, which let two stacks with the same provider coexist.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import type { CustomResource } from 'aws-cdk-lib';
import { LocalCloudFormation } from '../../../tools/local-cloudformation';
import { InlineProviderApp } from './inline-provider-app';

jest.setTimeout(60_000);

/**
 * Reads its stack (DescribeStacks, every page of ListStackResources) and records what it saw, then answers: fails
 * if `FailOn` lists the request type, else returns `PhysicalId` (or keeps the current id).
 */
const HANDLER = `
const fs = require('fs');
const cfn = require('@aws-sdk/client-cloudformation');
const client = new cfn.CloudFormationClient({});
exports.handler = async (event) => {
  const { Stacks } = await client.send(new cfn.DescribeStacksCommand({ StackName: event.StackId }));
  const resources = {};
  for await (const page of cfn.paginateListStackResources({ client }, { StackName: event.StackId })) {
    for (const r of page.StackResourceSummaries) {
      resources[r.LogicalResourceId] = { physicalId: r.PhysicalResourceId, status: r.ResourceStatus, type: r.ResourceType };
    }
  }
  const request = [event.RequestType, event.LogicalResourceId, event.PhysicalResourceId].filter(Boolean).join(' ');
  const stack = { name: Stacks[0].StackName, status: Stacks[0].StackStatus, reason: Stacks[0].StackStatusReason };
  fs.appendFileSync(process.env.EVENTS_FILE, JSON.stringify({ request, stack, resources }) + '\\n');
  const props = event.ResourceProperties;
  if ((props.FailOn || '').split(',').includes(event.RequestType)) throw new Error(event.LogicalResourceId + ' refuses');
  return { PhysicalResourceId: event.RequestType === 'Delete' ? event.PhysicalResourceId : props.PhysicalId || event.PhysicalResourceId || event.LogicalResourceId };
};`;

interface Seen {
  readonly request: string;
  readonly stack: { readonly name: string; readonly status: string; readonly reason?: string };
  readonly resources: Record<string, { readonly physicalId?: string; readonly status: string; readonly type: string }>;
}

interface Spec {
  readonly properties: Record<string, string>;
  /** Other custom resources whose physical id (Ref) this one takes as `Of`. */
  readonly of?: string;
  /** Other custom resources this one depends on (DependsOn). */
  readonly after?: string[];
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lcf-live-'));
const eventsFile = path.join(workDir, 'events.jsonl');
let cfn: LocalCloudFormation;
let client: CloudFormationClient;
let synths = 0;

function synth(stackName: string, resources: Record<string, Spec>): string {
  const app = new InlineProviderApp(path.join(workDir, `assembly-${synths++}`), stackName, HANDLER);
  const created = new Map<string, CustomResource>();
  for (const [id, spec] of Object.entries(resources)) {
    const of = spec.of ? { Of: created.get(spec.of)!.ref } : {};
    const resource = app.customResource(id, { ...spec.properties, ...of }, 'Custom::Watcher');
    spec.after?.forEach((other) => resource.node.addDependency(created.get(other)!));
    created.set(id, resource);
  }
  return app.synth();
}

/** What the handler saw since the last call, by request (`Create A`, `Delete A a-1`, ...). */
function takeSeen(): Map<string, Seen> {
  if (!fs.existsSync(eventsFile)) return new Map();
  const lines = fs.readFileSync(eventsFile, 'utf8').split('\n').filter(Boolean);
  fs.rmSync(eventsFile);
  return new Map(lines.map((line) => JSON.parse(line) as Seen).map((seen) => [seen.request, seen]));
}

/** The custom resources only: `logicalId: physicalId status`. */
function watchers(seen: Seen | undefined): Record<string, string> {
  expect(seen).toBeDefined();
  return Object.fromEntries(
    Object.entries(seen!.resources)
      .filter(([, resource]) => resource.type === 'Custom::Watcher')
      .map(([logicalId, resource]) => [logicalId, `${resource.physicalId ?? '-'} ${resource.status}`]),
  );
}

beforeAll(async () => {
  cfn = new LocalCloudFormation({ env: { EVENTS_FILE: eventsFile } });
  client = new CloudFormationClient({
    endpoint: await cfn.cloudFormationEndpoint(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
});

afterAll(async () => {
  client.destroy();
  await cfn.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('what a custom resource handler reads about its stack, phase by phase', () => {
  const STACK = 'LiveState';
  let stackId: string;

  test('create: CREATE_IN_PROGRESS; its own resource in progress without a physical id', async () => {
    const result = await cfn.deploy({
      assemblyDir: synth(STACK, { A: { properties: { PhysicalId: 'a-1' } }, B: { properties: {}, of: 'A' } }),
      stackName: STACK,
    });
    expect(result.status).toBe('CREATE_COMPLETE');
    stackId = result.stackId;
    const seen = takeSeen();
    expect(seen.get('Create A')!.stack).toEqual({ name: STACK, status: 'CREATE_IN_PROGRESS' });
    expect(watchers(seen.get('Create A'))).toEqual({ A: '- CREATE_IN_PROGRESS' });
    expect(watchers(seen.get('Create B'))).toEqual({ A: 'a-1 CREATE_COMPLETE', B: '- CREATE_IN_PROGRESS' });
    // The functions it runs in are there, under names generated for the stack.
    const handler = Object.entries(seen.get('Create A')!.resources).find(([id]) => id.startsWith('Handler'))!;
    expect(handler[1]).toMatchObject({ type: 'AWS::Lambda::Function', status: 'CREATE_COMPLETE' });
    expect(handler[1].physicalId).toMatch(new RegExp(`^${STACK}-${handler[0]}-[A-Za-z0-9]{12}$`));
    expect(handler[1].physicalId).toBe(cfn.stack(STACK)!.resources[handler[0]].physicalId);

    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: STACK }));
    expect(Stacks![0]).toMatchObject({ StackId: stackId, StackStatus: 'CREATE_COMPLETE' });
  });

  test('update with replacement: the cleanup Delete of the old id sees the logical resource on the new one', async () => {
    const result = await cfn.deploy({
      assemblyDir: synth(STACK, { A: { properties: { PhysicalId: 'a-2' } }, B: { properties: {}, of: 'A' } }),
      stackName: STACK,
    });
    expect(result.status).toBe('UPDATE_COMPLETE');
    const seen = takeSeen();
    expect([...seen.keys()]).toEqual(['Update A a-1', 'Update B B', 'Delete A a-1']);
    expect(seen.get('Update A a-1')!.stack.status).toBe('UPDATE_IN_PROGRESS');
    expect(watchers(seen.get('Update A a-1'))).toEqual({ A: 'a-1 UPDATE_IN_PROGRESS', B: 'B CREATE_COMPLETE' });
    expect(watchers(seen.get('Update B B'))).toEqual({ A: 'a-2 UPDATE_COMPLETE', B: 'B UPDATE_IN_PROGRESS' });
    expect(seen.get('Delete A a-1')!.stack.status).toBe('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    expect(watchers(seen.get('Delete A a-1'))).toEqual({ A: 'a-2 UPDATE_COMPLETE', B: 'B UPDATE_COMPLETE' });
  });

  test('rename: until the old logical id is deleted, both show, on the same physical id', async () => {
    const result = await cfn.deploy({
      assemblyDir: synth(STACK, { A2: { properties: { PhysicalId: 'a-2' } }, B: { properties: {}, of: 'A2' } }),
      stackName: STACK,
    });
    expect(result.status).toBe('UPDATE_COMPLETE');
    const seen = takeSeen();
    expect([...seen.keys()]).toEqual(['Create A2', 'Delete A a-2']);
    expect(watchers(seen.get('Create A2'))).toEqual({
      A: 'a-2 UPDATE_COMPLETE',
      A2: '- CREATE_IN_PROGRESS',
      B: 'B UPDATE_COMPLETE',
    });
    expect(seen.get('Delete A a-2')!.stack.status).toBe('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    expect(watchers(seen.get('Delete A a-2'))).toEqual({
      A: 'a-2 DELETE_IN_PROGRESS',
      A2: 'a-2 CREATE_COMPLETE',
      B: 'B UPDATE_COMPLETE',
    });
    const { StackResourceSummaries } = await client.send(new ListStackResourcesCommand({ StackName: STACK }));
    expect(StackResourceSummaries!.map((summary) => summary.LogicalResourceId)).not.toContain('A');
  });

  test('update rollback: UPDATE_ROLLBACK_IN_PROGRESS, then the cleanup of what the failed update created', async () => {
    const result = await cfn.deploy({
      assemblyDir: synth(STACK, {
        A2: { properties: { PhysicalId: 'a-3' } },
        // B waits for C, so that C's Create has ended when B fails (else CloudFormation would cancel it).
        C: { properties: {} },
        B: { properties: { FailOn: 'Update' }, of: 'A2', after: ['C'] },
      }),
      stackName: STACK,
    });
    expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    const seen = takeSeen();
    expect([...seen.keys()].sort()).toEqual(['Create C', 'Delete A2 a-3', 'Delete C C', 'Update A2 a-2', 'Update B B']);
    // B's Update back (the failed update's own request was recorded under the same key, then overwritten).
    expect(seen.get('Update B B')!.stack).toEqual({
      name: STACK,
      status: 'UPDATE_ROLLBACK_IN_PROGRESS',
      reason: 'The following resource(s) failed to update: [B]. ',
    });
    expect(watchers(seen.get('Update B B'))).toEqual({
      A2: 'a-2 UPDATE_COMPLETE',
      B: 'B UPDATE_IN_PROGRESS',
      C: 'C CREATE_COMPLETE',
    });
    for (const cleanup of ['Delete C C', 'Delete A2 a-3']) {
      expect(seen.get(cleanup)!.stack.status).toBe('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
      expect(watchers(seen.get(cleanup))).toMatchObject({ A2: 'a-2 UPDATE_COMPLETE', B: 'B UPDATE_COMPLETE' });
    }
    expect(watchers(seen.get('Delete C C'))).toMatchObject({ C: 'C DELETE_IN_PROGRESS' });

    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackId }));
    expect(Stacks![0].StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    const { StackResourceSummaries } = await client.send(new ListStackResourcesCommand({ StackName: stackId }));
    expect(
      StackResourceSummaries!
        .filter((summary) => summary.ResourceType === 'Custom::Watcher')
        .map((summary) => `${summary.LogicalResourceId} ${summary.PhysicalResourceId}`),
    ).toEqual(['A2 a-2', 'B B']);
  });

  test('delete: DELETE_IN_PROGRESS; afterwards the stack is found by its id only, its resources deleted', async () => {
    expect((await cfn.destroy(STACK)).status).toBe('DELETE_COMPLETE');
    const seen = takeSeen();
    expect([...seen.keys()]).toEqual(['Delete B B', 'Delete A2 a-2']);
    expect(seen.get('Delete B B')!.stack.status).toBe('DELETE_IN_PROGRESS');
    expect(watchers(seen.get('Delete B B'))).toEqual({ A2: 'a-2 UPDATE_COMPLETE', B: 'B DELETE_IN_PROGRESS' });
    expect(watchers(seen.get('Delete A2 a-2'))).toEqual({ A2: 'a-2 DELETE_IN_PROGRESS', B: 'B DELETE_COMPLETE' });

    await expect(client.send(new DescribeStacksCommand({ StackName: STACK }))).rejects.toThrow(
      `Stack with id ${STACK} does not exist`,
    );
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackId }));
    expect(Stacks![0]).toMatchObject({ StackStatus: 'DELETE_COMPLETE', DeletionTime: expect.any(Date) });
    const { StackResourceSummaries } = await client.send(new ListStackResourcesCommand({ StackName: stackId }));
    expect(new Set(StackResourceSummaries!.map((summary) => summary.ResourceStatus))).toEqual(
      new Set(['DELETE_COMPLETE']),
    );
  });

  test('a failed create: ROLLBACK_IN_PROGRESS with its reason while the rollback deletes', async () => {
    const result = await cfn.deploy({
      assemblyDir: synth(STACK, { A: { properties: {} }, B: { properties: { FailOn: 'Create' }, of: 'A' } }),
      stackName: STACK,
    });
    expect(result.status).toBe('ROLLBACK_COMPLETE');
    const deleteA = takeSeen().get('Delete A A')!;
    expect(deleteA.stack).toEqual({
      name: STACK,
      status: 'ROLLBACK_IN_PROGRESS',
      reason: 'The following resource(s) failed to create: [B]. Rollback requested by user.',
    });
    expect(watchers(deleteA)).toEqual({
      A: 'A DELETE_IN_PROGRESS',
      B: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED DELETE_COMPLETE',
    });
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: STACK }));
    expect(Stacks![0]).toMatchObject({ StackId: result.stackId, StackStatus: 'ROLLBACK_COMPLETE' });
    // The next deploy replaces it: the old stack is deleted, the new one has its own id.
    const again = await cfn.deploy({ assemblyDir: synth(STACK, { A: { properties: {} } }), stackName: STACK });
    expect(again.stackId).not.toBe(result.stackId);
    const old = await client.send(new DescribeStacksCommand({ StackName: result.stackId }));
    expect(old.Stacks![0].StackStatus).toBe('DELETE_COMPLETE');
    expect((await cfn.destroy(STACK)).status).toBe('DELETE_COMPLETE');
    takeSeen();
  });
});

test('two stacks with the same provider deploy side by side, each function named for its stack', async () => {
  const stacks = ['TwinOne', 'TwinTwo'];
  const results = await Promise.all(
    stacks.map((stackName) => cfn.deploy({ assemblyDir: synth(stackName, { A: { properties: {} } }), stackName })),
  );
  expect(results.map((result) => result.status)).toEqual(['CREATE_COMPLETE', 'CREATE_COMPLETE']);
  const functions = stacks.map((stackName) =>
    Object.values(cfn.stack(stackName)!.resources)
      .filter((resource) => resource.type === 'AWS::Lambda::Function')
      .map((resource) => resource.physicalId)
      .sort(),
  );
  expect(functions[0]).toHaveLength(2); // the handler and the framework's onEvent function
  functions.forEach((names, index) => names.forEach((name) => expect(name.startsWith(`${stacks[index]}-`)).toBe(true)));
  const [one, two] = functions.map((names) => names.map((name) => name.replace(/^\w+?-/, '').slice(0, -13)));
  expect(one).toEqual(two); // the same logical ids
  // Each handler read its own stack.
  const seen = fs
    .readFileSync(eventsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Seen);
  fs.rmSync(eventsFile);
  expect(seen.map((entry) => entry.stack.name).sort()).toEqual(stacks);
  // One goes, the other still works.
  expect((await cfn.destroy('TwinOne')).status).toBe('DELETE_COMPLETE');
  const update = await cfn.deploy({
    assemblyDir: synth('TwinTwo', { A: { properties: { Value: 'changed' } } }),
    stackName: 'TwinTwo',
  });
  expect(update.status).toBe('UPDATE_COMPLETE');
  expect(takeSeen().get('Update A A')!.stack).toEqual({ name: 'TwinTwo', status: 'UPDATE_IN_PROGRESS' });
  expect((await cfn.destroy('TwinTwo')).status).toBe('DELETE_COMPLETE');
});
