import { CampaignApiError, fitForResponse, MAX_MESSAGE_BYTES } from '../../lambda/errors';

const serviceError = (message: string) => Object.assign(new Error(message), { name: 'ValidationException' });

describe('fitForResponse', () => {
  test('a short one-line error is thrown as it is', () => {
    const error = new CampaignApiError('c-1', 'DescribeCampaign', 1, serviceError('Invalid request'));
    expect(fitForResponse(error)).toBe(error);
  });

  test('a long message keeps its start (operation, campaign, the service words), ends with a mark, and fits', () => {
    const error = new CampaignApiError('c-1', 'UpdateCampaignCommunicationLimits', 3, serviceError('x'.repeat(3_000)));
    const fitted = fitForResponse(error);
    expect(Buffer.byteLength(fitted.message, 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(fitted.message).toMatch(
      /^UpdateCampaignCommunicationLimits failed for campaign c-1 after 3 attempts: ValidationException: x+ \[\.\.\.\] \(truncated/,
    );
    expect(fitted.name).toBe('CampaignApiError');
    expect(fitted.cause).toBe(error);
  });

  test('a message of exactly the limit is kept whole; one byte more is truncated', () => {
    expect(fitForResponse(new Error('a'.repeat(MAX_MESSAGE_BYTES))).message).toHaveLength(MAX_MESSAGE_BYTES);
    const over = fitForResponse(new Error('a'.repeat(MAX_MESSAGE_BYTES + 1))).message;
    expect(over).toContain('(truncated');
    expect(Buffer.byteLength(over, 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
  });

  test('multi-byte characters are counted in bytes and never cut in half', () => {
    const fitted = fitForResponse(new Error('é'.repeat(MAX_MESSAGE_BYTES))).message;
    expect(Buffer.byteLength(fitted, 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(fitted).not.toContain('\uFFFD');
    expect(fitted.startsWith('é'.repeat(100))).toBe(true);
  });

  test('line breaks stay (one problem per line); other control characters become spaces', () => {
    const fitted = fitForResponse(new Error('first line\nsecond\tline\r'));
    expect(fitted.message).toBe('first line\nsecond line ');
  });

  test('a thrown non-Error becomes an Error with its text', () => {
    expect(fitForResponse('boom').message).toBe('boom');
  });
});
