/**
 * Figure 9: what `cdk diff` shows when one frequency changes. Both variants' one-resource templates are
 * synthesized with frequency 7 and 8; the changed custom-resource properties are compared, and the longest
 * changed value is measured: the deepest scalar that differs (what the changed line holds), and the whole
 * top-level property that holds it (as compact JSON).
 */
import { BenchTemplate, DEFAULT_LIMITS, synthTemplate, Variant } from './stacks';

export interface DiffFigures {
  /** Top-level properties of the custom resource that changed. */
  readonly changedProperties: readonly string[];
  /** Path and length of the longest changed scalar (string or number, as text). */
  readonly longestLeafPath: string;
  readonly longestLeafChars: number;
  /** Length of the longest changed top-level property value, as compact JSON. */
  readonly longestPropertyChars: number;
}

/** Paths of differing scalars, with the longer of their two values' lengths. */
function changedLeaves(a: unknown, b: unknown, at: string, out: { path: string; chars: number }[]): void {
  const isContainer = (value: unknown): boolean => typeof value === 'object' && value !== null;
  if (isContainer(a) && isContainer(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const key of keys) {
      changedLeaves((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`, out);
    }
    return;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const text = (value: unknown): string =>
    typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  out.push({ path: at, chars: Math.max(text(a).length, text(b).length) });
}

function customResource(template: BenchTemplate): Record<string, unknown> {
  const found = Object.values(template.Resources).find((resource) => resource.Type.startsWith('Custom::'));
  if (!found) throw new Error('no custom resource in the template');
  return found.Properties ?? {};
}

export function measureDiff(variant: Variant): DiffFigures {
  const withFrequency = (frequency: number): BenchTemplate =>
    synthTemplate(variant, { count: 1, limits: [{ ...DEFAULT_LIMITS[0], frequency }, DEFAULT_LIMITS[1]] });
  const before = customResource(withFrequency(7));
  const after = customResource(withFrequency(8));
  const changedProperties = Object.keys({ ...before, ...after }).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
  const leaves: { path: string; chars: number }[] = [];
  for (const key of changedProperties) changedLeaves(before[key], after[key], key, leaves);
  const longestLeaf = leaves.sort((x, y) => y.chars - x.chars)[0] ?? { path: '-', chars: 0 };
  const longestPropertyChars = Math.max(
    0,
    ...changedProperties.map((key) => Math.max(JSON.stringify(before[key]).length, JSON.stringify(after[key]).length)),
  );
  return {
    changedProperties,
    longestLeafPath: longestLeaf.path,
    longestLeafChars: longestLeaf.chars,
    longestPropertyChars,
  };
}
