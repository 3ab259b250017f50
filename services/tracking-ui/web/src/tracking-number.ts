/**
 * Client-side check of a tracking number, mirroring logistics-service's
 * `parseTrackingNumber` (src/domain/tracking-number.ts there): `GR` + 16 Crockford base32
 * characters + 1 check character (Luhn mod 32). Reading is forgiving the same way: any case,
 * spaces and dashes ignored, O read as 0 and I/L as 1. Checking here saves a round trip and
 * lets the page say what is wrong; the server still has the last word.
 */
export const TRACKING_PREFIX = 'GR';
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BODY_LENGTH = 16;
export const TRACKING_NUMBER_LENGTH = TRACKING_PREFIX.length + BODY_LENGTH + 1;
const MAX_INPUT_LENGTH = 64;

export type TrackingNumberProblem =
  'empty' | 'too-long' | 'prefix' | 'characters' | 'length' | 'check-character';

export type TrackingNumberCheck =
  { ok: true; value: string } | { ok: false; problem: TrackingNumberProblem };

function checkCharacter(body: string): string {
  const n = CROCKFORD_ALPHABET.length;
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    const addend = factor * CROCKFORD_ALPHABET.indexOf(body[i]!);
    sum += Math.floor(addend / n) + (addend % n);
    factor = factor === 2 ? 1 : 2;
  }
  return CROCKFORD_ALPHABET[(n - (sum % n)) % n]!;
}

/** The canonical form of what someone typed, or the first thing wrong with it. */
export function checkTrackingNumber(input: string): TrackingNumberCheck {
  if (input.length > MAX_INPUT_LENGTH) return { ok: false, problem: 'too-long' };
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (compact === '') return { ok: false, problem: 'empty' };
  if (!compact.startsWith(TRACKING_PREFIX)) return { ok: false, problem: 'prefix' };
  const rest = compact.slice(TRACKING_PREFIX.length).replace(/O/g, '0').replace(/[IL]/g, '1');
  if (![...rest].every((c) => CROCKFORD_ALPHABET.includes(c))) {
    return { ok: false, problem: 'characters' };
  }
  if (rest.length !== BODY_LENGTH + 1) return { ok: false, problem: 'length' };
  const body = rest.slice(0, BODY_LENGTH);
  if (checkCharacter(body) !== rest[BODY_LENGTH]) {
    return { ok: false, problem: 'check-character' };
  }
  return { ok: true, value: `${TRACKING_PREFIX}${rest}` };
}

export const normalizeTrackingNumber = (input: string): string | undefined => {
  const result = checkTrackingNumber(input);
  return result.ok ? result.value : undefined;
};

const PROBLEM_MESSAGES: Record<TrackingNumberProblem, string> = {
  empty: 'Enter your tracking number.',
  'too-long': 'That is too long for a tracking number.',
  prefix: 'Tracking numbers start with GR.',
  characters:
    'Tracking numbers contain only letters and digits (no U); spaces and dashes are fine.',
  length: `A tracking number has ${TRACKING_NUMBER_LENGTH} characters: GR and 17 letters or digits.`,
  'check-character':
    'That tracking number has a typo: please check each character against your receipt.',
};

export const problemMessage = (problem: TrackingNumberProblem): string => PROBLEM_MESSAGES[problem];
