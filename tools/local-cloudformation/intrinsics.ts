/** CloudFormation intrinsic functions: resolution against a scope, and the references a value makes. */

/** What `Ref: AWS::NoValue` resolves to; removed from the enclosing object or list. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** The values intrinsics read: parameters, resources, conditions and mappings of one stack operation. */
export interface Scope {
  /** `Ref` of a parameter, a pseudo parameter or a resource. Throws for an unknown name. */
  ref(name: string): unknown;
  /** `Fn::GetAtt`. Throws for an unknown resource or attribute. */
  getAtt(logicalId: string, attribute: string): unknown;
  /** The value of a named condition. */
  condition(name: string): boolean;
  readonly mappings: Readonly<Record<string, unknown>>;
  readonly region: string;
}

/** A template that uses an intrinsic wrongly, or one this runner does not implement. */
export class IntrinsicError extends Error {
  public override readonly name = 'IntrinsicError';
}

/** Names a value refers to through `Ref`, `Fn::GetAtt` and `Fn::Sub` (parameters and pseudo parameters included). */
export interface References {
  readonly refs: Set<string>;
  readonly getAtts: Set<string>;
}

type Intrinsic = (argument: unknown, scope: Scope) => unknown;

const PSEUDO_NO_VALUE = 'AWS::NoValue';

const INTRINSICS: Readonly<Partial<Record<string, Intrinsic>>> = {
  Ref: (name, scope) => (name === PSEUDO_NO_VALUE ? NO_VALUE : scope.ref(expectString('Ref', name))),
  'Fn::GetAtt': (argument, scope) => {
    const [logicalId, attribute] = getAttTarget(argument, scope);
    return scope.getAtt(logicalId, attribute);
  },
  'Fn::Join': (argument, scope) => {
    const [delimiter, list] = expectList('Fn::Join', argument, 2);
    return resolveList('Fn::Join', list, scope)
      .map((item) => expectString('Fn::Join item', item))
      .join(expectString('Fn::Join delimiter', delimiter));
  },
  'Fn::Split': (argument, scope) => {
    const [delimiter, source] = expectList('Fn::Split', argument, 2);
    return expectString('Fn::Split source', resolveValue(source, scope)).split(
      expectString('Fn::Split delimiter', delimiter),
    );
  },
  'Fn::Select': (argument, scope) => {
    const [index, list] = expectList('Fn::Select', argument, 2);
    const items = resolveList('Fn::Select', list, scope);
    const position = Number(resolveValue(index, scope));
    if (!Number.isInteger(position) || position < 0 || position >= items.length) {
      throw new IntrinsicError(`Fn::Select: index ${String(index)} is out of bounds of a list of ${items.length}`);
    }
    return items[position];
  },
  'Fn::Sub': (argument, scope) => {
    const [text, variables] = subArguments(argument);
    const resolvedVariables = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => [key, resolveValue(value, scope)]),
    );
    return text.replace(/\$\{([^}]*)\}/g, (_match, placeholder: string) => {
      if (placeholder.startsWith('!')) return `\${${placeholder.slice(1)}}`;
      if (placeholder in resolvedVariables)
        return expectString(`Fn::Sub \${${placeholder}}`, resolvedVariables[placeholder]);
      const value =
        placeholder.includes('.') && !placeholder.startsWith('AWS::')
          ? scope.getAtt(...splitDotted(placeholder))
          : scope.ref(placeholder);
      return expectString(`Fn::Sub \${${placeholder}}`, value);
    });
  },
  'Fn::If': (argument, scope) => {
    const [condition, whenTrue, whenFalse] = expectList('Fn::If', argument, 3);
    return resolveValue(scope.condition(expectString('Fn::If condition', condition)) ? whenTrue : whenFalse, scope);
  },
  'Fn::FindInMap': (argument, scope) => {
    const [map, first, second] = expectList('Fn::FindInMap', argument, 3).map((part) =>
      expectString('Fn::FindInMap key', resolveValue(part, scope)),
    );
    const value = lookup(lookup(lookup(scope.mappings, map), first), second);
    if (value === undefined) throw new IntrinsicError(`Fn::FindInMap: no ${map}.${first}.${second}`);
    return value;
  },
  'Fn::Base64': (argument, scope) =>
    Buffer.from(expectString('Fn::Base64', resolveValue(argument, scope))).toString('base64'),
  'Fn::GetAZs': (_argument, scope) => ['a', 'b', 'c'].map((zone) => `${scope.region}${zone}`),
};

/** Resolves every intrinsic in a template value. `AWS::NoValue` entries are dropped from objects and lists. */
export function resolveValue(value: unknown, scope: Scope): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, scope)).filter((item) => item !== NO_VALUE);
  if (!isObject(value)) return value;
  const intrinsic = intrinsicOf(value);
  if (intrinsic) {
    const implementation = INTRINSICS[intrinsic.name];
    if (!implementation) throw new IntrinsicError(`${intrinsic.name} is not supported by the local runner`);
    return implementation(intrinsic.argument, scope);
  }
  const entries = Object.entries(value)
    .map(([key, item]) => [key, resolveValue(item, scope)] as const)
    .filter(([, item]) => item !== NO_VALUE);
  return Object.fromEntries(entries);
}

/** Evaluates a condition expression (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`). */
export function evaluateCondition(expression: unknown, scope: Scope): boolean {
  const intrinsic = isObject(expression) ? intrinsicOf(expression) : undefined;
  if (!intrinsic) throw new IntrinsicError(`not a condition: ${JSON.stringify(expression)}`);
  const operands = () => expectList(intrinsic.name, intrinsic.argument);
  switch (intrinsic.name) {
    case 'Fn::Equals': {
      const [left, right] = expectList('Fn::Equals', intrinsic.argument, 2).map((side) => resolveValue(side, scope));
      return JSON.stringify(left) === JSON.stringify(right);
    }
    case 'Fn::And':
      return operands().every((operand) => evaluateCondition(operand, scope));
    case 'Fn::Or':
      return operands().some((operand) => evaluateCondition(operand, scope));
    case 'Fn::Not':
      return !evaluateCondition(expectList('Fn::Not', intrinsic.argument, 1)[0], scope);
    case 'Condition':
      return scope.condition(expectString('Condition', intrinsic.argument));
    default:
      throw new IntrinsicError(`${intrinsic.name} is not a condition function`);
  }
}

/** The names a value refers to, without resolving anything. `AWS::NoValue` is left out. */
export function referencesOf(value: unknown): References {
  const found: References = { refs: new Set(), getAtts: new Set() };
  collectReferences(value, found);
  found.refs.delete(PSEUDO_NO_VALUE);
  return found;
}

function collectReferences(value: unknown, found: References): void {
  if (Array.isArray(value)) {
    value.forEach((item) => collectReferences(item, found));
    return;
  }
  if (!isObject(value)) return;
  const intrinsic = intrinsicOf(value);
  if (intrinsic?.name === 'Ref' && typeof intrinsic.argument === 'string') {
    found.refs.add(intrinsic.argument);
    return;
  }
  if (intrinsic?.name === 'Fn::GetAtt') {
    const target: unknown = Array.isArray(intrinsic.argument) ? intrinsic.argument[0] : intrinsic.argument;
    if (typeof target === 'string')
      found.getAtts.add(Array.isArray(intrinsic.argument) ? target : splitDotted(target)[0]);
    return;
  }
  if (intrinsic?.name === 'Fn::Sub') {
    const [text, variables] = subArguments(intrinsic.argument);
    for (const [, placeholder] of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
      if (placeholder in variables) continue;
      if (placeholder.includes('.') && !placeholder.startsWith('AWS::')) found.getAtts.add(splitDotted(placeholder)[0]);
      else found.refs.add(placeholder);
    }
    collectReferences(Object.values(variables), found);
    return;
  }
  Object.values(value).forEach((item) => collectReferences(item, found));
}

function intrinsicOf(value: Record<string, unknown>): { name: string; argument: unknown } | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [name] = keys;
  return name === 'Ref' || name === 'Condition' || name.startsWith('Fn::')
    ? { name, argument: value[name] }
    : undefined;
}

function getAttTarget(argument: unknown, scope: Scope): [string, string] {
  if (typeof argument === 'string') return splitDotted(argument);
  const [logicalId, attribute] = expectList('Fn::GetAtt', argument, 2);
  return [
    expectString('Fn::GetAtt resource', logicalId),
    expectString('Fn::GetAtt attribute', resolveValue(attribute, scope)),
  ];
}

function subArguments(argument: unknown): [string, Record<string, unknown>] {
  if (typeof argument === 'string') return [argument, {}];
  const [text, variables] = expectList('Fn::Sub', argument, 2);
  if (!isObject(variables)) throw new IntrinsicError('Fn::Sub: the variables must be an object');
  return [expectString('Fn::Sub', text), variables];
}

function splitDotted(name: string): [string, string] {
  const dot = name.indexOf('.');
  if (dot < 1) throw new IntrinsicError(`Fn::GetAtt: "${name}" is not "LogicalId.Attribute"`);
  return [name.slice(0, dot), name.slice(dot + 1)];
}

function resolveList(name: string, value: unknown, scope: Scope): unknown[] {
  const resolved = resolveValue(value, scope);
  if (!Array.isArray(resolved)) throw new IntrinsicError(`${name}: expected a list, got ${JSON.stringify(resolved)}`);
  return resolved;
}

function expectList(name: string, value: unknown, length?: number): unknown[] {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
    throw new IntrinsicError(`${name}: expected a list${length ? ` of ${length}` : ''}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function expectString(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new IntrinsicError(`${name}: expected a string, got ${JSON.stringify(value)}`);
}

function lookup(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A template or response value as text: a string as it is, any other scalar as `String` writes it (`7`, `true`,
 * `null`), and an object or a list as JSON (not as `[object Object]`).
 */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return String(value);
  return JSON.stringify(value);
}
