import { randomBytes } from 'node:crypto';

/**
 * Tracking numbers: `GR` + 16 Crockford base32 characters (80 random bits, so they cannot be
 * guessed or enumerated from a public page) + 1 check character (Luhn mod 32 over the 16),
 * which catches every single mistyped character and almost every swap of two neighbours
 * before the database is asked. Crockford's alphabet has no I, L, O or U, so what a person
 * reads off a label is hard to misread.
 */
export const TRACKING_PREFIX = 'GR';
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BODY_LENGTH = 16;
export const TRACKING_NUMBER_LENGTH = TRACKING_PREFIX.length + BODY_LENGTH + 1;
const CANONICAL = new RegExp(`^${TRACKING_PREFIX}[${CROCKFORD_ALPHABET}]{${BODY_LENGTH + 1}}$`);

const N = CROCKFORD_ALPHABET.length;
const valueOf = (c: string) => CROCKFORD_ALPHABET.indexOf(c);

/** Luhn mod N check character of a string of Crockford characters. */
export function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    const value = valueOf(body[i]!);
    if (value < 0) throw new Error(`not a Crockford base32 character: ${body[i]}`);
    const addend = factor * value;
    sum += Math.floor(addend / N) + (addend % N);
    factor = factor === 2 ? 1 : 2;
  }
  return CROCKFORD_ALPHABET[(N - (sum % N)) % N]!;
}

/** 80 bits as 16 Crockford characters (5 bits each). */
export function encodeCrockford(bytes: Uint8Array): string {
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  const chars = Math.ceil((bytes.length * 8) / 5);
  let out = '';
  for (let i = chars - 1; i >= 0; i--)
    out += CROCKFORD_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return out;
}

/** A new tracking number from the operating system's CSPRNG. */
export function generateTrackingNumber(random: (size: number) => Uint8Array = randomBytes): string {
  const body = encodeCrockford(random(10));
  return `${TRACKING_PREFIX}${body}${checkCharacter(body)}`;
}

/**
 * The canonical form of what someone typed, or undefined when it is not a tracking number
 * (wrong length, characters or check character). Accepts lower case, spaces and dashes, and
 * reads O as 0 and I/L as 1, as Crockford's decoding rules say.
 */
export function parseTrackingNumber(input: string): string | undefined {
  if (input.length > 64) return undefined;
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (!compact.startsWith(TRACKING_PREFIX)) return undefined;
  const rest = compact.slice(TRACKING_PREFIX.length).replace(/O/g, '0').replace(/[IL]/g, '1');
  const candidate = `${TRACKING_PREFIX}${rest}`;
  if (!CANONICAL.test(candidate)) return undefined;
  const body = rest.slice(0, BODY_LENGTH);
  return checkCharacter(body) === rest[BODY_LENGTH] ? candidate : undefined;
}

export const isValidTrackingNumber = (input: string): boolean =>
  parseTrackingNumber(input) === input;
