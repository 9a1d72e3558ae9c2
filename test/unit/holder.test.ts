/**
 * The holder check before a Delete (lambda/holder.ts) when it cannot read the stack: the Delete goes ahead, and the
 * warning says so. The CloudFormation client is mocked; which resource holds a target is tested through the handler
 * (on-event.test.ts, instance-on-event.test.ts).
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { StackApiError } from '../../lambda/errors';
import { currentHolder } from '../../lambda/holder';
import { StackApi } from '../../lambda/stack-api';
import { RESOURCE_TYPE } from '../../lib/shared/contract';
import { CAMPAIGN_ID } from '../support/cfn-events';
import { retryOnFakeClock } from '../support/fake-retry';
import { spyOnLogger } from '../support/logger-spies';
import { mockHandlerClients } from '../support/sdk-mocks';

const { stacks } = mockHandlerClients();
const log = spyOnLogger();
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Outreach/0a1b2c3d-0000-1111-2222-333344445555';

test('a Delete whose holder check cannot read the stack goes ahead, with a warning naming the target and the error', async () => {
  const cause = Object.assign(new Error('Stack with id Outreach does not exist'), { name: 'ValidationError' });
  stacks.on(DescribeStacksCommand).rejects(cause);
  const deleted = { resourceType: RESOURCE_TYPE, physicalId: CAMPAIGN_ID, logicalId: 'Limits' };
  const stack = new StackApi(new CloudFormationClient({}), STACK_ID, retryOnFakeClock());
  await expect(currentHolder(deleted, stack)).resolves.toBeUndefined();
  expect(log.warn).toHaveBeenCalledTimes(1);
  expect(log.warn).toHaveBeenCalledWith(
    'Could not read the stack to check which resource holds the target; removing its limits',
    { physicalId: CAMPAIGN_ID, error: expect.any(StackApiError) },
  );
  const [, fields] = log.warn.mock.calls[0] as [string, { error: StackApiError }];
  expect(fields.error).toMatchObject({ operation: 'DescribeStacks', cause });
});
