/**
 * IAM, as far as the runner plays it: the effective identity-based statements of each role (its inline `Policies`
 * and every `AWS::IAM::Policy` attached to it), the credentials each function's processes get from its role, and
 * whether a principal (an access key id) is allowed an action on a resource.
 *
 * What is evaluated, and what differs from IAM:
 * - `Allow` and `Deny` statements, with `Action`/`NotAction` and `Resource`/`NotResource`, `*` and `?` wildcards.
 *   Actions match case-insensitively; an ARN's service, region and account segments are matched each on its own (a
 *   wildcard does not cross a `:` there), its resource part as a whole (a wildcard crosses `/` and `:`).
 * - `Condition`: only `StringEquals` and `StringLike` on the keys the request carries in `context` (for example
 *   `cloudwatch:namespace` of PutMetricData) are evaluated. Any other condition is not: an `Allow` with it never
 *   applies, a `Deny` with it always applies (either way the conservative answer).
 * - Managed policies (`ManagedPolicyArns`, `AWS::IAM::ManagedPolicy`) grant nothing, except the AWS managed
 *   `AdministratorAccess`. Resource-based policies, permission boundaries, SCPs and session policies do not exist.
 * - Changes apply at once: there is no propagation delay.
 * - Policies of users and groups are ignored: only roles are principals.
 */
import { createHash } from 'node:crypto';
import { isObject } from './intrinsics';

/** One statement of a policy document, as the runner evaluates it. */
export interface PolicyStatement {
  readonly effect: 'Allow' | 'Deny';
  /** Patterns of `Action`, or of `NotAction` when `notAction` is set. */
  readonly actions: readonly string[];
  readonly notAction: boolean;
  /** Patterns of `Resource`, or of `NotResource` when `notResource` is set. */
  readonly resources: readonly string[];
  readonly notResource: boolean;
  readonly hasCondition: boolean;
  /** The `Condition` block, as operator to key to allowed values. */
  readonly condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** A question to IAM: may the holder of this access key id call `action` (`service:Operation`) on `resource`? */
export interface AuthorizationRequest {
  /** From the request's SigV4 `Credential=<access key id>/...`; undefined for an unsigned request. */
  readonly accessKeyId?: string;
  readonly action: string;
  /** The resource's ARN, or `*` for actions that take no resource. */
  readonly resource: string;
  /** The request's condition keys and their values, e.g. `{ 'cloudwatch:namespace': 'MyNamespace' }`. */
  readonly context?: Readonly<Record<string, string>>;
}

export interface AuthorizationDecision {
  readonly allowed: boolean;
  /** The caller as IAM names it, `arn:aws:sts::<account>:assumed-role/<role>/<session>`, if the key is known. */
  readonly principalArn?: string;
  /** Denied by a matching `Deny` statement (rather than for want of an `Allow`). */
  readonly explicitDeny?: boolean;
}

/** The statements of a policy document (`{ Statement: [...] }` or a single statement object). */
export function policyStatements(document: unknown): PolicyStatement[] {
  if (!isObject(document)) return [];
  const raw = document.Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return statements.filter(isObject).map((statement) => ({
    effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(statement.NotAction ?? statement.Action),
    notAction: statement.NotAction !== undefined,
    resources: strings(statement.NotResource ?? statement.Resource),
    notResource: statement.NotResource !== undefined,
    hasCondition: statement.Condition !== undefined,
    ...(isObject(statement.Condition) && { condition: conditionBlock(statement.Condition) }),
  }));
}

function conditionBlock(
  condition: Record<string, unknown>,
): Record<string, Readonly<Record<string, readonly string[]>>> {
  return Object.fromEntries(
    Object.entries(condition).map(([operator, keys]) => [
      operator,
      Object.fromEntries(Object.entries(isObject(keys) ? keys : {}).map(([key, values]) => [key, strings(values)])),
    ]),
  );
}

const EVALUATED_OPERATORS: Readonly<Record<string, (pattern: string, value: string) => boolean>> = {
  StringEquals: (pattern, value) => pattern === value,
  StringLike: glob,
};

/** True or false when the statement's condition can be evaluated on the request's context; undefined otherwise. */
function conditionHolds(statement: PolicyStatement, context: Readonly<Record<string, string>>): boolean | undefined {
  if (!statement.hasCondition) return true;
  if (!statement.condition) return undefined;
  let holds = true;
  for (const [operator, keys] of Object.entries(statement.condition)) {
    const test = EVALUATED_OPERATORS[operator] as ((pattern: string, value: string) => boolean) | undefined;
    if (!test) return undefined;
    for (const [key, patterns] of Object.entries(keys)) {
      const value = context[key] as string | undefined;
      if (value === undefined) return undefined;
      holds &&= patterns.some((pattern) => test(pattern, value));
    }
  }
  return holds;
}

/**
 * Whether `statements` allow `action` on `resource`: some `Allow` applies (without a condition) and no `Deny` does.
 * `explicitDeny` tells which of the two denied it.
 */
export function evaluatePolicy(
  statements: readonly PolicyStatement[],
  action: string,
  resource: string,
  context: Readonly<Record<string, string>> = {},
): { readonly allowed: boolean; readonly explicitDeny: boolean } {
  const applies = (statement: PolicyStatement) =>
    statement.actions.some((pattern) => actionMatches(pattern, action)) !== statement.notAction &&
    statement.resources.some((pattern) => resourceMatches(pattern, resource)) !== statement.notResource;
  const explicitDeny = statements.some(
    (statement) => statement.effect === 'Deny' && applies(statement) && conditionHolds(statement, context) !== false,
  );
  const allowed =
    !explicitDeny &&
    statements.some(
      (statement) => statement.effect === 'Allow' && applies(statement) && conditionHolds(statement, context) === true,
    );
  return { allowed, explicitDeny };
}

/** `service:Action` against a pattern such as `connect-campaigns:*` or `s3:Get*`: case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  return glob(pattern.toLowerCase(), action.toLowerCase());
}

/**
 * An ARN against a pattern: `*` matches everything; otherwise partition, service, region and account are matched
 * segment by segment, and the resource part (everything after the fifth `:`) as one string. A pattern with fewer
 * than six segments matches no ARN.
 */
export function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*') return true;
  const patternParts = arnParts(pattern);
  const resourceParts = arnParts(resource);
  if (!patternParts || !resourceParts) return !patternParts && !resourceParts && glob(pattern, resource);
  return patternParts.every((part, index) => glob(part, resourceParts[index]));
}

/** `*` any run of characters (none included), `?` exactly one; everything else literally. */
export function glob(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\*?]/g, (char) =>
    char === '*' ? '.*' : char === '?' ? '.' : `\\${char}`,
  );
  return new RegExp(`^${source}$`, 's').test(value);
}

/** `arn`, partition, service, region, account, resource; undefined if not an ARN. */
function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function strings(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** The access key id in a SigV4 `Authorization` header (`... Credential=<id>/<date>/<region>/<service>/...`). */
export function accessKeyIdOf(authorization: string | undefined): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

/** The region of a SigV4 `Authorization` header's credential scope. */
export function signingRegionOf(authorization: string | undefined): string | undefined {
  return /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

/** The partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  return region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** AWS managed policies whose content the runner knows. */
const KNOWN_MANAGED_POLICIES: Readonly<Record<string, readonly PolicyStatement[]>> = {
  AdministratorAccess: [
    { effect: 'Allow', actions: ['*'], notAction: false, resources: ['*'], notResource: false, hasCondition: false },
  ],
};

interface RoleState {
  readonly arn: string;
  /** The role's own `Policies` and the known managed policies among its `ManagedPolicyArns`. */
  readonly statements: readonly PolicyStatement[];
}

interface AttachedPolicy {
  readonly roleNames: ReadonlySet<string>;
  readonly statements: readonly PolicyStatement[];
}

interface Principal {
  readonly roleName: string;
  readonly sessionName: string;
}

/**
 * The IAM state of the runner's account: roles by name, policies attached to them, and the access keys handed to
 * functions. Role and policy models update it when CloudFormation would apply their changes.
 */
export class IamRegistry {
  private readonly roles = new Map<string, RoleState>();
  /** `AWS::IAM::Policy` resources, by physical id. */
  private readonly policies = new Map<string, AttachedPolicy>();
  private readonly principals = new Map<string, Principal>();

  constructor(private readonly accountId: string) {}

  /** Creates or updates a role from its (resolved) `AWS::IAM::Role` properties. */
  public putRole(roleName: string, arn: string, properties: Readonly<Record<string, unknown>>): void {
    const inline = Array.isArray(properties.Policies) ? properties.Policies : [];
    const managed = strings(properties.ManagedPolicyArns);
    const statements = [
      ...inline.flatMap((policy) => (isObject(policy) ? policyStatements(policy.PolicyDocument) : [])),
      ...managed.flatMap((policyArn) => {
        const match = /^arn:[^:]+:iam::aws:policy\/(.+)$/.exec(policyArn);
        return (match && KNOWN_MANAGED_POLICIES[match[1]]) || [];
      }),
    ];
    this.roles.set(roleName, { arn, statements });
  }

  /** Deletes a role; the policies attached to it are detached (IAM deletes a role's inline policies with it). */
  public deleteRole(roleName: string): void {
    this.roles.delete(roleName);
    for (const [id, policy] of this.policies) {
      if (!policy.roleNames.has(roleName)) continue;
      const roleNames = new Set([...policy.roleNames].filter((name) => name !== roleName));
      this.policies.set(id, { ...policy, roleNames });
    }
  }

  /** Creates or updates an `AWS::IAM::Policy` from its resolved properties (`Roles`: role names). */
  public putPolicy(physicalId: string, properties: Readonly<Record<string, unknown>>): void {
    const roleNames = new Set(strings(properties.Roles).map(roleNameOf));
    this.policies.set(physicalId, { roleNames, statements: policyStatements(properties.PolicyDocument) });
  }

  public deletePolicy(physicalId: string): void {
    this.policies.delete(physicalId);
  }

  /** The statements in effect for a role now (none for a role that does not exist). */
  public statements(roleNameOrArn: string): PolicyStatement[] {
    const roleName = roleNameOf(roleNameOrArn);
    const role = this.roles.get(roleName);
    if (!role) return [];
    const attached = [...this.policies.values()].filter((policy) => policy.roleNames.has(roleName));
    return [...role.statements, ...attached.flatMap((policy) => policy.statements)];
  }

  /**
   * The credentials of a session of the role, as Lambda gives a function: the access key id is derived from the
   * role and session names (the same function of the same role always gets the same one), and identifies them.
   */
  public credentials(roleArn: string, sessionName: string): Record<string, string> {
    const roleName = roleNameOf(roleArn);
    const digest = createHash('sha256').update(`${roleName}\n${sessionName}`).digest('hex').toUpperCase();
    const accessKeyId = `ASIA${digest.slice(0, 16)}`;
    this.principals.set(accessKeyId, { roleName, sessionName });
    return {
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: `local-cloudformation-secret-${digest.slice(16, 32)}`,
      AWS_SESSION_TOKEN: `local-cloudformation-session-${roleName}`,
    };
  }

  /** Whether the access key's role may call `action` on `resource` now. An unknown key may do nothing. */
  public authorize(request: AuthorizationRequest): AuthorizationDecision {
    const principal = request.accessKeyId === undefined ? undefined : this.principals.get(request.accessKeyId);
    if (!principal) return { allowed: false };
    const principalArn = `arn:aws:sts::${this.accountId}:assumed-role/${principal.roleName}/${principal.sessionName}`;
    const { allowed, explicitDeny } = evaluatePolicy(
      this.statements(principal.roleName),
      request.action,
      request.resource,
      request.context,
    );
    return { allowed, principalArn, explicitDeny };
  }
}

/** `arn:aws:iam::<account>:role/<path>/<name>` or a bare name: the name. */
export function roleNameOf(roleNameOrArn: string): string {
  return roleNameOrArn.startsWith('arn:') ? roleNameOrArn.slice(roleNameOrArn.lastIndexOf('/') + 1) : roleNameOrArn;
}

/** IAM's message for a denied call, as the services answer it in `AccessDenied(Exception)`. */
export function accessDeniedMessage(request: AuthorizationRequest, decision: AuthorizationDecision): string {
  const user = decision.principalArn ?? `anonymous (access key ${request.accessKeyId ?? 'none'})`;
  const why = decision.explicitDeny
    ? 'with an explicit deny in an identity-based policy'
    : `because no identity-based policy allows the ${request.action} action`;
  return `User: ${user} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why}`;
}
