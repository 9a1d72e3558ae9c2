/** Policy evaluation and the runner's IAM state: roles, attached policies, and the credentials of functions. */
import {
  accessDeniedMessage,
  accessKeyIdOf,
  actionMatches,
  evaluatePolicy,
  IamRegistry,
  policyStatements,
  resourceMatches,
} from '../../../tools/local-cloudformation';

const CAMPAIGN = 'arn:aws:connect-campaigns:us-east-1:123456789012:campaign/aaaa-1111';
const UPDATE = 'connect-campaigns:UpdateCampaignCommunicationLimits';
const DELETE = 'connect-campaigns:DeleteCampaignCommunicationLimits';

const allow = (Action: unknown, Resource: unknown, extra: object = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const document = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const allowed = (doc: unknown, action: string, resource: string) =>
  evaluatePolicy(policyStatements(doc), action, resource).allowed;

describe('policy evaluation', () => {
  test('StringEquals and StringLike conditions are evaluated on the keys the request carries; others never allow', () => {
    const metric = (Condition: object) =>
      policyStatements(document(allow('cloudwatch:PutMetricData', '*', { Condition })));
    const put = (statements: ReturnType<typeof metric>, context?: Record<string, string>) =>
      evaluatePolicy(statements, 'cloudwatch:PutMetricData', '*', context).allowed;
    const equals = metric({ StringEquals: { 'cloudwatch:namespace': 'Ours' } });
    expect(put(equals, { 'cloudwatch:namespace': 'Ours' })).toBe(true);
    expect(put(equals, { 'cloudwatch:namespace': 'Theirs' })).toBe(false);
    expect(put(equals)).toBe(false); // the key is not known: the Allow does not apply
    expect(put(metric({ StringLike: { 'cloudwatch:namespace': 'Our*' } }), { 'cloudwatch:namespace': 'Ours' })).toBe(
      true,
    );
    expect(put(metric({ NumericEquals: { 'cloudwatch:namespace': '1' } }), { 'cloudwatch:namespace': '1' })).toBe(
      false,
    );
  });

  test('an Allow applies when an action and a resource match; nothing is allowed by default', () => {
    const doc = document(allow([UPDATE, DELETE], [CAMPAIGN]));
    expect(allowed(doc, UPDATE, CAMPAIGN)).toBe(true);
    expect(allowed(doc, DELETE, CAMPAIGN)).toBe(true);
    expect(allowed(doc, 'connect-campaigns:DescribeCampaign', CAMPAIGN)).toBe(false);
    expect(allowed(doc, UPDATE, `${CAMPAIGN}2`)).toBe(false);
    expect(allowed(document(), UPDATE, CAMPAIGN)).toBe(false);
    expect(allowed(undefined, UPDATE, CAMPAIGN)).toBe(false);
  });

  test('a single statement object, and string Action / Resource', () => {
    expect(allowed({ Statement: allow(UPDATE, CAMPAIGN) }, UPDATE, CAMPAIGN)).toBe(true);
  });

  test('action wildcards, case-insensitive', () => {
    expect(actionMatches('connect-campaigns:*', UPDATE)).toBe(true);
    expect(actionMatches('connect-campaigns:Update*', UPDATE)).toBe(true);
    expect(actionMatches('CONNECT-CAMPAIGNS:updatecampaigncommunicationlimits', UPDATE)).toBe(true);
    expect(actionMatches('connect-campaigns:?eleteCampaignCommunicationLimits', DELETE)).toBe(true);
    expect(actionMatches('connect-campaigns:Describe*', UPDATE)).toBe(false);
    expect(actionMatches('connect:*', UPDATE)).toBe(false);
    expect(actionMatches('*', UPDATE)).toBe(true);
  });

  test('resource wildcards: per ARN segment, and across / and : in the resource part', () => {
    expect(resourceMatches('*', CAMPAIGN)).toBe(true);
    expect(resourceMatches('arn:aws:connect-campaigns:us-east-1:123456789012:campaign/*', CAMPAIGN)).toBe(true);
    expect(resourceMatches('arn:aws:connect-campaigns:*:*:campaign/aaaa-????', CAMPAIGN)).toBe(true);
    expect(resourceMatches('arn:aws:connect-campaigns:*:*:campaign/aaaa-???', CAMPAIGN)).toBe(false);
    expect(resourceMatches('arn:aws:connect-campaigns:us-west-2:123456789012:campaign/*', CAMPAIGN)).toBe(false);
    expect(resourceMatches('arn:aws:connect-campaigns:us-east-1:210987654321:campaign/*', CAMPAIGN)).toBe(false);
    expect(resourceMatches('arn:aws:*:us-east-1:123456789012:campaign/*', CAMPAIGN)).toBe(true);
    // A wildcard in the region does not swallow the account.
    expect(resourceMatches('arn:aws:connect-campaigns:*:campaign/*', CAMPAIGN)).toBe(false);
    expect(resourceMatches('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b:c')).toBe(true);
    // Case-sensitive, and literal regex characters.
    expect(resourceMatches(CAMPAIGN.toUpperCase(), CAMPAIGN)).toBe(false);
    expect(resourceMatches('arn:aws:s3:::b.c/*', 'arn:aws:s3:::bxc/k')).toBe(false);
    // A resource-less action is authorized on `*`: only `*` grants it.
    expect(resourceMatches(CAMPAIGN, '*')).toBe(false);
  });

  test('a Condition makes an Allow inapplicable and a Deny applicable (conservative)', () => {
    const condition = { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } };
    expect(allowed(document(allow(UPDATE, CAMPAIGN, condition)), UPDATE, CAMPAIGN)).toBe(false);
    const denyWithCondition = { Effect: 'Deny', Action: UPDATE, Resource: '*', ...condition };
    expect(allowed(document(allow('*', '*'), denyWithCondition), UPDATE, CAMPAIGN)).toBe(false);
  });

  test('an explicit Deny wins over any Allow', () => {
    const doc = document(allow('connect-campaigns:*', '*'), { Effect: 'Deny', Action: DELETE, Resource: CAMPAIGN });
    expect(evaluatePolicy(policyStatements(doc), DELETE, CAMPAIGN)).toEqual({ allowed: false, explicitDeny: true });
    expect(evaluatePolicy(policyStatements(doc), UPDATE, CAMPAIGN)).toEqual({ allowed: true, explicitDeny: false });
  });

  test('NotAction and NotResource', () => {
    const notDelete = document({ Effect: 'Allow', NotAction: DELETE, Resource: '*' });
    expect(allowed(notDelete, UPDATE, CAMPAIGN)).toBe(true);
    expect(allowed(notDelete, DELETE, CAMPAIGN)).toBe(false);
    const notThis = document({ Effect: 'Allow', Action: UPDATE, NotResource: CAMPAIGN });
    expect(allowed(notThis, UPDATE, CAMPAIGN)).toBe(false);
    expect(allowed(notThis, UPDATE, `${CAMPAIGN}-other`)).toBe(true);
  });
});

describe('IamRegistry', () => {
  const ROLE_ARN = 'arn:aws:iam::123456789012:role/Stack-HandlerRole-ABC';

  test("a role's statements: inline Policies, attached policies, while they exist", () => {
    const registry = new IamRegistry('123456789012');
    const key = registry.credentials(ROLE_ARN, 'handler-fn').AWS_ACCESS_KEY_ID;
    expect(registry.authorize({ accessKeyId: key, action: UPDATE, resource: CAMPAIGN }).allowed).toBe(false);

    registry.putRole('Stack-HandlerRole-ABC', ROLE_ARN, {
      Policies: [{ PolicyName: 'inline', PolicyDocument: document(allow(UPDATE, CAMPAIGN)) }],
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    });
    expect(registry.authorize({ accessKeyId: key, action: UPDATE, resource: CAMPAIGN })).toEqual({
      allowed: true,
      principalArn: 'arn:aws:sts::123456789012:assumed-role/Stack-HandlerRole-ABC/handler-fn',
      explicitDeny: false,
    });
    expect(registry.authorize({ accessKeyId: key, action: DELETE, resource: CAMPAIGN }).allowed).toBe(false);

    registry.putPolicy('Stack-Policy-1', {
      Roles: ['Stack-HandlerRole-ABC'],
      PolicyDocument: document(allow(DELETE, CAMPAIGN)),
    });
    expect(registry.authorize({ accessKeyId: key, action: DELETE, resource: CAMPAIGN }).allowed).toBe(true);
    // Updated in place: the new document replaces the old one.
    registry.putPolicy('Stack-Policy-1', {
      Roles: ['Stack-HandlerRole-ABC'],
      PolicyDocument: document(allow(DELETE, `${CAMPAIGN}x`)),
    });
    expect(registry.authorize({ accessKeyId: key, action: DELETE, resource: CAMPAIGN }).allowed).toBe(false);
    registry.deletePolicy('Stack-Policy-1');
    expect(registry.statements(ROLE_ARN)).toHaveLength(1);

    // A role updated without its inline policy loses it; a deleted role has nothing.
    registry.putRole('Stack-HandlerRole-ABC', ROLE_ARN, {});
    expect(registry.authorize({ accessKeyId: key, action: UPDATE, resource: CAMPAIGN }).allowed).toBe(false);
    registry.putPolicy('Stack-Policy-2', {
      Roles: ['Stack-HandlerRole-ABC'],
      PolicyDocument: document(allow('*', '*')),
    });
    registry.deleteRole('Stack-HandlerRole-ABC');
    registry.putRole('Stack-HandlerRole-ABC', ROLE_ARN, {});
    expect(registry.statements('Stack-HandlerRole-ABC')).toEqual([]);
  });

  test('AdministratorAccess is the one managed policy that grants anything', () => {
    const registry = new IamRegistry('123456789012');
    registry.putRole('Admin', 'arn:aws:iam::123456789012:role/Admin', {
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    });
    const key = registry.credentials('arn:aws:iam::123456789012:role/Admin', 'fn').AWS_ACCESS_KEY_ID;
    expect(registry.authorize({ accessKeyId: key, action: DELETE, resource: CAMPAIGN }).allowed).toBe(true);
  });

  test('credentials: a deterministic key per role and session; unknown keys are denied', () => {
    const registry = new IamRegistry('123456789012');
    const one = registry.credentials(ROLE_ARN, 'fn-a');
    expect(one.AWS_ACCESS_KEY_ID).toMatch(/^ASIA[0-9A-F]{16}$/);
    expect(registry.credentials(ROLE_ARN, 'fn-a')).toEqual(one);
    expect(registry.credentials(ROLE_ARN, 'fn-b').AWS_ACCESS_KEY_ID).not.toBe(one.AWS_ACCESS_KEY_ID);
    expect(new IamRegistry('1').credentials(ROLE_ARN, 'fn-a').AWS_ACCESS_KEY_ID).toBe(one.AWS_ACCESS_KEY_ID);
    expect(registry.authorize({ accessKeyId: 'AKIAUNKNOWN', action: UPDATE, resource: CAMPAIGN })).toEqual({
      allowed: false,
    });
    expect(registry.authorize({ action: UPDATE, resource: CAMPAIGN }).allowed).toBe(false);
  });
});

test("IAM's message, and the access key id of a SigV4 header", () => {
  const request = { accessKeyId: 'ASIAX', action: DELETE, resource: CAMPAIGN };
  expect(accessDeniedMessage(request, { allowed: false, principalArn: 'arn:aws:sts::1:assumed-role/R/f' })).toBe(
    `User: arn:aws:sts::1:assumed-role/R/f is not authorized to perform: ${DELETE} on resource: ${CAMPAIGN} ` +
      `because no identity-based policy allows the ${DELETE} action`,
  );
  expect(accessDeniedMessage(request, { allowed: false, explicitDeny: true })).toContain(
    'with an explicit deny in an identity-based policy',
  );
  expect(accessKeyIdOf('AWS4-HMAC-SHA256 Credential=ASIAX/20250101/us-east-1/cloudformation/aws4_request')).toBe(
    'ASIAX',
  );
});
