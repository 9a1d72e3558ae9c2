/**
 * Request validation against the constraints of the Connect Campaigns V2 model
 * (connectcampaignsv2 2024-04-23), with messages in the service's style:
 * `1 validation error detected: Value '31' at 'a.b' failed to satisfy constraint: ...`.
 */
import { ServiceError } from './errors';
import type { OperationName } from './types';

type Shape =
  | { kind: 'string'; min?: number; max?: number; pattern?: string; values?: readonly string[] }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'structure'; members: Readonly<Record<string, Member>> }
  | { kind: 'union'; members: Readonly<Record<string, Shape>> }
  | { kind: 'list'; member: Shape; max?: number }
  | { kind: 'map'; key: Shape; value: Shape };

interface Member {
  shape: Shape;
  required?: boolean;
}

const required = (shape: Shape): Member => ({ shape, required: true });
const optional = (shape: Shape): Member => ({ shape });

/** The model's shapes that the emulated operations use. */
const CampaignId: Shape = { kind: 'string', min: 1, max: 256, pattern: '^[-:/a-zA-Z0-9]+$' };
const InstanceId: Shape = { kind: 'string', min: 1, max: 256, pattern: '^[-_.a-zA-Z0-9]+$' };
const CommunicationLimit: Shape = {
  kind: 'structure',
  members: {
    maxCountPerRecipient: required({ kind: 'integer', min: 1 }),
    frequency: required({ kind: 'integer', min: 1, max: 30 }),
    unit: required({ kind: 'string', values: ['DAY'] }),
  },
};
const CommunicationLimits: Shape = {
  kind: 'union',
  members: { communicationLimitsList: { kind: 'list', member: CommunicationLimit, max: 2 } },
};
const CommunicationLimitsConfig: Shape = {
  kind: 'structure',
  members: {
    allChannelSubtypes: optional(CommunicationLimits),
    instanceLimitsHandling: optional({ kind: 'string', values: ['OPT_IN', 'OPT_OUT'] }),
  },
};
const InstanceCommunicationLimitsConfig: Shape = {
  kind: 'structure',
  members: { allChannelSubtypes: optional(CommunicationLimits) },
};

/** Tags, from the model: `TagKey` 1..128 characters of `^(?!aws:)[a-zA-Z+-=._:/]+$`, `TagValue` 0..256. */
const TagKey: Shape = { kind: 'string', min: 1, max: 128, pattern: '^(?!aws:)[a-zA-Z+-=._:/]+$' };
const TagMap: Shape = { kind: 'map', key: TagKey, value: { kind: 'string', min: 0, max: 256 } };
const Arn: Shape = { kind: 'string', min: 20, max: 500 };

/** Where each input member travels: path labels, query parameters, JSON body. */
interface OperationInput {
  labels: Readonly<Record<string, Shape>>;
  query?: Readonly<Record<string, Member>>;
  body?: Readonly<Record<string, Member>>;
}

const OPERATION_INPUTS: Readonly<Record<OperationName, OperationInput>> = {
  UpdateCampaignCommunicationLimits: {
    labels: { id: CampaignId },
    body: { communicationLimitsOverride: required(CommunicationLimitsConfig) },
  },
  DeleteCampaignCommunicationLimits: {
    labels: { id: CampaignId },
    query: { config: required({ kind: 'string', values: ['ALL_CHANNEL_SUBTYPES'] }) },
  },
  DescribeCampaign: { labels: { id: CampaignId } },
  GetCampaignState: { labels: { id: CampaignId } },
  PutInstanceCommunicationLimits: {
    labels: { connectInstanceId: InstanceId },
    body: { communicationLimitsConfig: required(InstanceCommunicationLimitsConfig) },
  },
  GetInstanceCommunicationLimits: { labels: { connectInstanceId: InstanceId } },
  TagResource: { labels: { arn: Arn }, body: { tags: required(TagMap) } },
  // `tagKeys` is a repeated query parameter: the server checks each value against TagKey.
  UntagResource: { labels: { arn: Arn } },
};

/** Validation errors of each `tagKeys` value of an UntagResource request. */
export function tagKeyErrors(keys: readonly string[]): string[] {
  const errors: string[] = [];
  if (keys.length === 0) errors.push(violation(undefined, 'tagKeys', 'Member must not be null'));
  keys.forEach((key, i) => checkValue(TagKey, key, `tagKeys.${i + 1}.member`, errors));
  return errors;
}

/** The parts of an HTTP request that carry input members (labels already URL-decoded). */
export interface RequestInput {
  labels: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: string;
}

/**
 * Validates a request of `operation` and returns its parsed JSON body (`{}` for operations without one).
 * @throws ServiceError ValidationException
 */
export function validateRequest(operation: OperationName, input: RequestInput): Record<string, unknown> {
  const spec = OPERATION_INPUTS[operation];
  const errors: string[] = [];
  for (const [name, shape] of Object.entries(spec.labels)) {
    checkValue(shape, input.labels[name], name, errors);
  }
  for (const [name, member] of Object.entries(spec.query ?? {})) {
    checkMember(member, input.query.get(name) ?? undefined, name, errors);
  }
  let body: Record<string, unknown> = {};
  if (spec.body) {
    body = parseBody(input.body);
    checkStructure(spec.body, body, '', errors);
  }
  if (errors.length > 0) throw new ServiceError('ValidationException', formatErrors(errors));
  return body;
}

/** Model shapes that seed data is checked against. */
const NAMED_SHAPES = { CampaignId, InstanceId, CommunicationLimitsConfig } as const;

/** Validation errors of a (required) value of a model shape at `path`; empty when valid. */
export function shapeErrors(shape: keyof typeof NAMED_SHAPES, value: unknown, path: string): string[] {
  const errors: string[] = [];
  checkMember(required(NAMED_SHAPES[shape]), value, path, errors);
  return errors;
}

/** Joins errors the way the service does. */
export function formatErrors(errors: readonly string[]): string {
  const noun = errors.length === 1 ? 'error' : 'errors';
  return `${errors.length} validation ${noun} detected: ${errors.join('; ')}`;
}

function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ServiceError('ValidationException', 'Request body is not valid JSON');
  }
  if (!isObject(parsed)) throw new ServiceError('ValidationException', 'Request body must be a JSON object');
  return parsed;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function render(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function violation(value: unknown, path: string, constraint: string): string {
  const shown = value === undefined || value === null ? 'null' : `'${render(value)}'`;
  return `Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

const join = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}.${name}`);

/** A JSON null is an absent member, as in Smithy. */
function checkMember(member: Member, value: unknown, path: string, errors: string[]): void {
  if (value === undefined || value === null) {
    if (member.required) errors.push(violation(value, path, 'Member must not be null'));
    return;
  }
  checkValue(member.shape, value, path, errors);
}

function checkStructure(
  members: Readonly<Record<string, Member>>,
  value: Record<string, unknown>,
  path: string,
  errors: string[],
): void {
  for (const [name, member] of Object.entries(members)) {
    checkMember(member, value[name], join(path, name), errors);
  }
  for (const [name, child] of Object.entries(value)) {
    if (!(name in members)) errors.push(violation(child, join(path, name), 'Member is not defined in the model'));
  }
}

function checkValue(shape: Shape, value: unknown, path: string, errors: string[]): void {
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string') {
        errors.push(violation(value, path, 'Member must be a string'));
        return;
      }
      if (shape.min !== undefined && value.length < shape.min) {
        errors.push(violation(value, path, `Member must have length greater than or equal to ${shape.min}`));
      }
      if (shape.max !== undefined && value.length > shape.max) {
        errors.push(violation(value, path, `Member must have length less than or equal to ${shape.max}`));
      }
      if (shape.pattern !== undefined && !new RegExp(shape.pattern).test(value)) {
        errors.push(violation(value, path, `Member must satisfy regular expression pattern: ${shape.pattern}`));
      }
      if (shape.values !== undefined && !shape.values.includes(value)) {
        errors.push(violation(value, path, `Member must satisfy enum value set: [${shape.values.join(', ')}]`));
      }
      return;
    case 'integer':
      // Smithy `integer` is a 32-bit signed integer; a JSON string such as "3" is not one.
      if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > 2 ** 31 - 1) {
        errors.push(violation(value, path, 'Member must be an integer'));
        return;
      }
      if (shape.min !== undefined && value < shape.min) {
        errors.push(violation(value, path, `Member must have value greater than or equal to ${shape.min}`));
      }
      if (shape.max !== undefined && value > shape.max) {
        errors.push(violation(value, path, `Member must have value less than or equal to ${shape.max}`));
      }
      return;
    case 'list':
      if (!Array.isArray(value)) {
        errors.push(violation(value, path, 'Member must be a list'));
        return;
      }
      if (shape.max !== undefined && value.length > shape.max) {
        errors.push(violation(value, path, `Member must have length less than or equal to ${shape.max}`));
      }
      value.forEach((item, index) => checkMember(required(shape.member), item, `${path}.${index + 1}.member`, errors));
      return;
    case 'structure':
      if (!isObject(value)) {
        errors.push(violation(value, path, 'Member must be a structure'));
        return;
      }
      checkStructure(shape.members, value, path, errors);
      return;
    case 'map':
      if (!isObject(value)) {
        errors.push(violation(value, path, 'Member must be a map'));
        return;
      }
      for (const [key, item] of Object.entries(value)) {
        checkValue(shape.key, key, `${path}.key`, errors);
        checkMember(required(shape.value), item, `${path}.${key}.member`, errors);
      }
      return;
    case 'union': {
      if (!isObject(value)) {
        errors.push(violation(value, path, 'Member must be a union'));
        return;
      }
      const set = Object.keys(value).filter((name) => value[name] !== null);
      if (set.length !== 1) {
        errors.push(violation(value, path, 'Union must have exactly one member set'));
      }
      checkStructure(
        Object.fromEntries(Object.entries(shape.members).map(([name, member]) => [name, optional(member)])),
        value,
        path,
        errors,
      );
      return;
    }
  }
}
