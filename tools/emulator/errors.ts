/** Service errors and their restJson1 status codes. */
import type { CampaignState, ErrorType } from './types';

/** HTTP status of each error, from the model's `httpError` traits. */
export const ERROR_STATUS: Readonly<Record<ErrorType, number>> = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  InvalidCampaignStateException: 409,
  ThrottlingException: 429,
  InternalServerException: 500,
  UnknownOperationException: 404,
};

/** Default messages, terse like the service's. */
const DEFAULT_MESSAGE: Readonly<Record<ErrorType, string>> = {
  ValidationException: 'Invalid request',
  AccessDeniedException: 'Access denied',
  ResourceNotFoundException: 'Resource not found',
  ConflictException: 'The request could not be processed because of conflict in the current state of the resource',
  InvalidCampaignStateException: 'Campaign is not in a valid state for this operation',
  ThrottlingException: 'Rate exceeded',
  InternalServerException: 'Internal server error',
  UnknownOperationException: 'Unknown operation',
};

/** An error answer: status, `x-amzn-ErrorType` and JSON body `{message, ...fields}`. */
export class ServiceError extends Error {
  readonly status: number;

  constructor(
    readonly type: ErrorType,
    message: string = DEFAULT_MESSAGE[type],
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = type;
    this.status = ERROR_STATUS[type];
  }

  /** The JSON body of the answer. */
  body(): Record<string, string> {
    return { message: this.message, ...this.fields };
  }
}

/** InvalidCampaignStateException carries the campaign's current state. */
export function invalidCampaignState(state: CampaignState, message?: string): ServiceError {
  return new ServiceError(
    'InvalidCampaignStateException',
    message ?? `Campaign is in ${state} state; communication limits can only be changed in Initialized state`,
    { state },
  );
}
