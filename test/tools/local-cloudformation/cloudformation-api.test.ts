/** The loopback CloudFormation API on its own, serving fixed stacks, read through the real SDK client. */
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  paginateListStackResources,
} from '@aws-sdk/client-cloudformation';
import { AuthorizationRequest, CloudFormationApi, LiveResource, LiveStack } from '../../../tools/local-cloudformation';

const CREATED = new Date('2024-05-01T10:00:00.000Z');
const UPDATED = new Date('2024-05-02T11:30:00.250Z');
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Big/0c0ffee0-0000-4000-8000-000000000001';
const DELETED_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Gone/0c0ffee0-0000-4000-8000-000000000002';

/** 250 resources, R000..R249; R000 has no physical id yet (its Create is in progress). */
const resources: LiveResource[] = Array.from({ length: 250 }, (_, i) => {
  const logicalId = `R${String(i).padStart(3, '0')}`;
  return i === 0
    ? { logicalId, type: 'Custom::Thing', status: 'CREATE_IN_PROGRESS', lastUpdated: UPDATED }
    : {
        logicalId,
        physicalId: `phys-${i} <&>`,
        type: 'Custom::Thing',
        status: 'CREATE_COMPLETE',
        lastUpdated: UPDATED,
      };
});

const stacks: LiveStack[] = [
  {
    stackName: 'Big',
    stackId: STACK_ID,
    status: 'UPDATE_IN_PROGRESS',
    creationTime: CREATED,
    lastUpdatedTime: UPDATED,
    parameters: { Env: 'dev' },
    outputs: { Url: 'https://example.com/?a=1&b=2' },
    resources,
    template: { Resources: { R001: { Type: 'Custom::Thing', Properties: { Text: '<&>' } } } },
  },
  {
    stackName: 'Gone',
    stackId: DELETED_ID,
    status: 'DELETE_COMPLETE',
    creationTime: CREATED,
    deletionTime: UPDATED,
    resources: [
      { logicalId: 'A', physicalId: 'a', type: 'Custom::Thing', status: 'DELETE_COMPLETE', lastUpdated: UPDATED },
    ],
  },
];

let api: CloudFormationApi;
let client: CloudFormationClient;

beforeAll(async () => {
  api = await CloudFormationApi.start(() => stacks);
  client = new CloudFormationClient({
    endpoint: api.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
});

afterAll(async () => {
  client.destroy();
  await api.close();
});

const post = (body: string) =>
  fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

test('DescribeStacks by name and by stack id: the stack as the service describes it', async () => {
  for (const StackName of ['Big', STACK_ID]) {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName }));
    expect(Stacks).toEqual([
      expect.objectContaining({
        StackId: STACK_ID,
        StackName: 'Big',
        StackStatus: 'UPDATE_IN_PROGRESS',
        CreationTime: CREATED,
        LastUpdatedTime: UPDATED,
        Parameters: [{ ParameterKey: 'Env', ParameterValue: 'dev' }],
        Outputs: [{ OutputKey: 'Url', OutputValue: 'https://example.com/?a=1&b=2' }],
        DisableRollback: false,
        DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
      }),
    ]);
  }
});

test('DescribeStacks: the XML document, namespace and ResponseMetadata included', async () => {
  const response = await post('Action=DescribeStacks&Version=2010-05-15&StackName=Big');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/xml');
  const xml = await response.text();
  expect(xml).toMatch(
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<DescribeStacksResponse xmlns="http:\/\/cloudformation.amazonaws.com\/doc\/2010-05-15\/"><DescribeStacksResult><Stacks><member><StackId>/,
  );
  expect(xml).toContain('<StackStatus>UPDATE_IN_PROGRESS</StackStatus>');
  expect(xml).toContain('<CreationTime>2024-05-01T10:00:00.000Z</CreationTime>');
  expect(xml).toContain('<OutputValue>https://example.com/?a=1&amp;b=2</OutputValue>');
  expect(xml).toMatch(
    /<\/DescribeStacksResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/DescribeStacksResponse>\n$/,
  );
});

test('DescribeStacks without a name lists the stacks that exist; a deleted one is found by its id only', async () => {
  expect((await client.send(new DescribeStacksCommand({}))).Stacks!.map((stack) => stack.StackName)).toEqual(['Big']);
  const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: DELETED_ID }));
  expect(Stacks![0]).toMatchObject({ StackStatus: 'DELETE_COMPLETE', DeletionTime: UPDATED });
  await expect(client.send(new DescribeStacksCommand({ StackName: 'Gone' }))).rejects.toThrow(
    'Stack with id Gone does not exist',
  );
});

test('ListStackResources: 100 summaries a page with a NextToken, in logical id order, all fields', async () => {
  const first = await client.send(new ListStackResourcesCommand({ StackName: STACK_ID }));
  expect(first.StackResourceSummaries).toHaveLength(100);
  expect(first.NextToken).toEqual(expect.any(String));
  expect(first.StackResourceSummaries![0]).toEqual({
    LogicalResourceId: 'R000',
    ResourceType: 'Custom::Thing',
    ResourceStatus: 'CREATE_IN_PROGRESS',
    LastUpdatedTimestamp: UPDATED,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  });
  expect(first.StackResourceSummaries![1]).toMatchObject({
    LogicalResourceId: 'R001',
    PhysicalResourceId: 'phys-1 <&>',
    ResourceStatus: 'CREATE_COMPLETE',
  });
  const pages = [];
  for await (const page of paginateListStackResources({ client }, { StackName: 'Big' })) pages.push(page);
  expect(pages.map((page) => page.StackResourceSummaries!.length)).toEqual([100, 100, 50]);
  expect(pages[2].NextToken).toBeUndefined();
  const ids = pages.flatMap((page) => page.StackResourceSummaries!.map((summary) => summary.LogicalResourceId));
  expect(ids).toEqual(resources.map((resource) => resource.logicalId));
});

test('ListStackResources of a deleted stack, by its id, lists its deleted resources', async () => {
  const { StackResourceSummaries } = await client.send(new ListStackResourcesCommand({ StackName: DELETED_ID }));
  expect(StackResourceSummaries).toMatchObject([{ LogicalResourceId: 'A', ResourceStatus: 'DELETE_COMPLETE' }]);
});

test('an unknown stack is a ValidationError (Sender, HTTP 400) naming the stack as given', async () => {
  for (const command of [
    new DescribeStacksCommand({ StackName: 'Nope' }),
    new ListStackResourcesCommand({ StackName: 'Nope' }),
  ]) {
    const error = await client.send(command as DescribeStacksCommand).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(CloudFormationServiceException);
    expect(error).toMatchObject({
      name: 'ValidationError',
      message: 'Stack with id Nope does not exist',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
  }
  const response = await post('Action=ListStackResources&Version=2010-05-15&StackName=Nope');
  expect(response.status).toBe(400);
  expect(await response.text()).toMatch(
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ErrorResponse xmlns="http:\/\/cloudformation.amazonaws.com\/doc\/2010-05-15\/"><Error><Type>Sender<\/Type><Code>ValidationError<\/Code><Message>Stack with id Nope does not exist<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>\n$/,
  );
});

test('a NextToken of another call is rejected', async () => {
  const { NextToken } = await client.send(new ListStackResourcesCommand({ StackName: 'Big' }));
  await expect(client.send(new DescribeStacksCommand({ NextToken }))).rejects.toThrow('Invalid NextToken');
});

test('with an authorizer: the stack id (or a name pattern, or *) is asked about; a refusal is AccessDenied, 403', async () => {
  const asked: AuthorizationRequest[] = [];
  const guarded = await CloudFormationApi.start(() => stacks, {
    authorize: (request) => {
      asked.push(request);
      return { allowed: request.accessKeyId === 'ALLOWED', principalArn: 'arn:aws:sts::123456789012:assumed-role/R/f' };
    },
  });
  const as = (accessKeyId: string) =>
    new CloudFormationClient({
      endpoint: guarded.url,
      region: 'eu-west-1',
      credentials: { accessKeyId, secretAccessKey: 'y' },
      maxAttempts: 1,
    });
  try {
    await as('ALLOWED').send(new DescribeStacksCommand({ StackName: 'Big' }));
    const error = await as('OTHER')
      .send(new ListStackResourcesCommand({ StackName: STACK_ID }))
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      name: 'AccessDenied',
      message:
        `User: arn:aws:sts::123456789012:assumed-role/R/f is not authorized to perform: cloudformation:ListStackResources ` +
        `on resource: ${STACK_ID} because no identity-based policy allows the cloudformation:ListStackResources action`,
      $metadata: { httpStatusCode: 403 },
    });
    await as('ALLOWED').send(new DescribeStacksCommand({}));
    await expect(as('ALLOWED').send(new DescribeStacksCommand({ StackName: 'Nope' }))).rejects.toThrow(
      'Stack with id Nope does not exist',
    );
    expect(asked.map(({ accessKeyId, action, resource }) => [accessKeyId, action, resource])).toEqual([
      ['ALLOWED', 'cloudformation:DescribeStacks', STACK_ID],
      ['OTHER', 'cloudformation:ListStackResources', STACK_ID],
      ['ALLOWED', 'cloudformation:DescribeStacks', '*'],
      ['ALLOWED', 'cloudformation:DescribeStacks', 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Nope/*'],
    ]);
  } finally {
    await guarded.close();
  }
});

test('DescribeStackResource: one resource, by stack name or id; an unknown logical id is a ValidationError', async () => {
  for (const StackName of ['Big', STACK_ID]) {
    const { StackResourceDetail } = await client.send(
      new DescribeStackResourceCommand({ StackName, LogicalResourceId: 'R007' }),
    );
    expect(StackResourceDetail).toMatchObject({
      LogicalResourceId: 'R007',
      PhysicalResourceId: 'phys-7 <&>',
      ResourceType: 'Custom::Thing',
      ResourceStatus: 'CREATE_COMPLETE',
      LastUpdatedTimestamp: UPDATED,
    });
  }
  await expect(
    client.send(new DescribeStackResourceCommand({ StackName: 'Big', LogicalResourceId: 'Nope' })),
  ).rejects.toMatchObject({ name: 'ValidationError', message: 'Resource Nope does not exist for stack Big' });
});

test('GetTemplate: the deployed template body, by name or id; none for a stack without one', async () => {
  for (const StackName of ['Big', STACK_ID]) {
    const output = await client.send(new GetTemplateCommand({ StackName }));
    expect(JSON.parse(output.TemplateBody!)).toEqual(stacks[0].template);
    expect(output.StagesAvailable).toEqual(['Original', 'Processed']);
  }
  await expect(client.send(new GetTemplateCommand({ StackName: DELETED_ID }))).rejects.toMatchObject({
    name: 'ValidationError',
    message: `Stack with id ${DELETED_ID} does not exist`,
  });
});
