/**
 * The problems a request's properties are rejected with, line for line: each invalid value is named once, and no line
 * is added for a value that was already found invalid (the FAILED reason CloudFormation shows is these lines).
 */
import { parseDesiredLimits } from '../../lambda/desired-limits';
import { InvalidPropertiesError } from '../../lib/shared/rules';
import { DELIVERED } from '../support/cfn-events';

/** The lines of the problems found, in order. */
function problemsOf(properties: unknown): readonly string[] {
  try {
    parseDesiredLimits(properties);
  } catch (error) {
    if (error instanceof InvalidPropertiesError) return error.problems.map((problem) => problem.message);
    throw error;
  }
  throw new Error('no problem found');
}

test('an invalid instanceLimitsHandling is the one problem: not also "nothing to apply"', () => {
  const { CommunicationLimits: _none, ...rest } = DELIVERED;
  const problems = problemsOf({ ...rest, InstanceLimitsHandling: 'SOMETIMES' });
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain('instanceLimitsHandling');
  expect(problems[0]).toContain('SOMETIMES');
});

test('communicationLimits that is not a list is the one problem: no line for entries it does not have', () => {
  const problems = problemsOf({ ...DELIVERED, CommunicationLimits: 'three a week' });
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain('communicationLimits');
});
