/**
 * Resolves the intrinsic functions of a deployed template as far as CloudFormation's API tells their values: `Ref`
 * to a parameter (DescribeStacks) or to a pseudo parameter known from the stack, `Fn::Join`, `Fn::Select`,
 * `Fn::Split` and `Fn::Sub` over those. Anything else (an attribute, an import, a condition, a reference to a
 * resource, a `NoEcho` parameter) is an `Unknown`: the drift check then says "unknown", never "drifted".
 */

/** A value the check cannot know, and why (the intrinsic that produced it). */
export class Unknown {
  constructor(public readonly what: string) {}
}

/** What `Ref` resolves to: each parameter's and pseudo parameter's value (a list for list types). */
export type RefValues = Readonly<Record<string, string | readonly string[] | Unknown>>;

/** `AWS::NoValue`: the property is removed. */
const NO_VALUE = Symbol('AWS::NoValue');

/** The value with every intrinsic resolved; `Unknown` where it cannot be (anywhere inside the value). */
export function resolveIntrinsics(value: unknown, refs: RefValues): unknown {
  const resolved = resolve(value, refs);
  return resolved === NO_VALUE ? undefined : resolved;
}

/** The first `Unknown` inside a resolved value, if any. */
export function firstUnknown(value: unknown): Unknown | undefined {
  if (value instanceof Unknown) return value;
  const children = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
  for (const child of children) {
    const found = firstUnknown(child);
    if (found) return found;
  }
  return undefined;
}

/** The values as CloudFormation delivers a custom resource's properties: every number and boolean a string. */
export function asDelivered(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(asDelivered);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asDelivered(v)]));
  return value;
}

function resolve(value: unknown, refs: RefValues): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, refs)).filter((item) => item !== NO_VALUE);
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
    return intrinsic(keys[0], value[keys[0]], refs);
  }
  const entries = Object.entries(value)
    .map(([key, item]) => [key, resolve(item, refs)] as const)
    .filter(([, item]) => item !== NO_VALUE);
  return Object.fromEntries(entries);
}

function intrinsic(name: string, argument: unknown, refs: RefValues): unknown {
  switch (name) {
    case 'Ref':
      if (argument === 'AWS::NoValue') return NO_VALUE;
      return typeof argument === 'string' && argument in refs ? refs[argument] : new Unknown(`Ref ${String(argument)}`);
    case 'Fn::Join': {
      const [delimiter, list] = Array.isArray(argument) ? (argument as unknown[]) : [];
      const items = resolve(list, refs);
      if (typeof delimiter !== 'string' || !Array.isArray(items)) return unknownOr(items, name);
      return items.every((item) => typeof item === 'string') ? items.join(delimiter) : unknownOr(items, name);
    }
    case 'Fn::Select': {
      const [index, list] = Array.isArray(argument) ? argument.map((item) => resolve(item, refs)) : [];
      const at = typeof index === 'string' ? Number(index) : index;
      if (!Array.isArray(list) || typeof at !== 'number' || !Number.isInteger(at) || at < 0 || at >= list.length) {
        return unknownOr([index, list], name);
      }
      return list[at] as unknown;
    }
    case 'Fn::Split': {
      const [delimiter, source] = Array.isArray(argument) ? argument.map((item) => resolve(item, refs)) : [];
      if (typeof delimiter !== 'string' || typeof source !== 'string') return unknownOr([delimiter, source], name);
      return source.split(delimiter);
    }
    case 'Fn::Sub':
      return substitute(argument, refs);
    default:
      return new Unknown(name);
  }
}

/** `Fn::Sub` with a string, or `[string, variables]`: `${Name}` from the variables, parameters or pseudo parameters. */
function substitute(argument: unknown, refs: RefValues): unknown {
  const [template, variables] = Array.isArray(argument) ? (argument as unknown[]) : [argument, {}];
  if (typeof template !== 'string' || !isObject(variables)) return new Unknown('Fn::Sub');
  const own = Object.fromEntries(Object.entries(variables).map(([key, item]) => [key, resolve(item, refs)]));
  let unknown: Unknown | undefined;
  const text = template.replace(/\$\{(!?)([^}]*)\}/g, (whole, literal: string, variable: string) => {
    if (literal) return `\${${variable}}`;
    const resolved = variable in own ? own[variable] : refs[variable];
    if (typeof resolved === 'string') return resolved;
    unknown ??= firstUnknown(resolved) ?? new Unknown(`Fn::Sub \${${variable}}`);
    return whole;
  });
  return unknown ?? text;
}

/** The `Unknown` inside the arguments if there is one; else the intrinsic itself could not be evaluated. */
function unknownOr(argument: unknown, name: string): Unknown {
  return firstUnknown(argument) ?? new Unknown(name);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown);
}
