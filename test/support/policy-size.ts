/**
 * Renders IAM policy documents from a template as IAM would store them, to measure their size against the role
 * limit. Pseudo parameters get worst-case lengths (the longest partition, a long region).
 */
const PSEUDO: Record<string, string | undefined> = {
  'AWS::Partition': 'aws-us-gov',
  'AWS::Region': 'ap-southeast-5',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
};

function render(value: unknown, resources: Record<string, string | undefined>): unknown {
  if (Array.isArray(value)) return value.map((v) => render(v, resources));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if ('Ref' in obj) {
    const ref = obj.Ref as string;
    return PSEUDO[ref] ?? resources[ref] ?? `ref-${ref}`;
  }
  if ('Fn::Join' in obj) {
    const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
    return (render(parts, resources) as string[]).join(sep);
  }
  if ('Fn::GetAtt' in obj)
    return `arn:aws-us-gov:connect-campaigns:ap-southeast-5:123456789012:campaign/${'x'.repeat(36)}`;
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, render(v, resources)]));
}

/** The size of each `AWS::IAM::Policy` document in characters, as IAM counts them (no whitespace). */
export function policySizes(template: {
  Resources: Record<string, { Type: string; Properties: any }>;
}): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    sizes[id] = JSON.stringify(render(resource.Properties.PolicyDocument, {})).length;
  }
  return sizes;
}
