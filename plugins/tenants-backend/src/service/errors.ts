import { CustomErrorBase } from '@backstage/errors';

/** 410: the thing existed but is no longer usable (used or expired token). */
export class GoneError extends CustomErrorBase {
  name = 'GoneError' as const;
  readonly statusCode = 410;
}
