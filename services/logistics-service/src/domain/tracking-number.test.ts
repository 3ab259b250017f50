import {
  checkCharacter,
  CROCKFORD_ALPHABET,
  encodeCrockford,
  generateTrackingNumber,
  isValidTrackingNumber,
  parseTrackingNumber,
  TRACKING_NUMBER_LENGTH,
} from './tracking-number';

const FORMAT = /^GR[0-9A-HJKMNP-TV-Z]{17}$/;

describe('tracking numbers', () => {
  it('are GR, 16 Crockford base32 characters and a check character', () => {
    const tn = generateTrackingNumber();
    expect(tn).toMatch(FORMAT);
    expect(tn).toHaveLength(TRACKING_NUMBER_LENGTH);
    expect(TRACKING_NUMBER_LENGTH).toBe(19);
    expect(checkCharacter(tn.slice(2, 18))).toBe(tn[18]);
  });

  it('encode 80 random bits, 5 per character', () => {
    expect(encodeCrockford(new Uint8Array(10))).toBe('0'.repeat(16));
    expect(encodeCrockford(new Uint8Array(10).fill(0xff))).toBe('Z'.repeat(16));
    const one = new Uint8Array(10);
    one[9] = 33; // ...00001 00001
    expect(encodeCrockford(one)).toBe(`${'0'.repeat(14)}11`);
    expect(generateTrackingNumber(() => new Uint8Array(10).fill(0xff))).toBe(
      `GR${'Z'.repeat(16)}${checkCharacter('Z'.repeat(16))}`,
    );
  });

  it('10,000 generated are unique and valid', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const tn = generateTrackingNumber();
      expect(isValidTrackingNumber(tn)).toBe(true);
      seen.add(tn);
    }
    expect(seen.size).toBe(10_000);
  });

  it('reject every single mistyped character', () => {
    for (let n = 0; n < 50; n++) {
      const tn = generateTrackingNumber();
      for (let i = 2; i < tn.length; i++) {
        for (const c of CROCKFORD_ALPHABET) {
          if (c === tn[i]) continue;
          const typo = tn.slice(0, i) + c + tn.slice(i + 1);
          expect(parseTrackingNumber(typo)).toBeUndefined();
        }
      }
    }
  });

  it('reject almost every swap of two neighbouring characters', () => {
    let swaps = 0;
    let caught = 0;
    for (let n = 0; n < 500; n++) {
      const tn = generateTrackingNumber();
      for (let i = 2; i < tn.length - 1; i++) {
        if (tn[i] === tn[i + 1]) continue;
        const swapped = tn.slice(0, i) + tn[i + 1] + tn[i] + tn.slice(i + 2);
        swaps++;
        if (parseTrackingNumber(swapped) === undefined) caught++;
      }
    }
    expect(caught / swaps).toBeGreaterThan(0.95);
  });

  it('read what people type: lower case, spaces, dashes, O for 0 and I or L for 1', () => {
    const body = '0123456789ABCDEF';
    const tn = `GR${body}${checkCharacter(body)}`;
    expect(parseTrackingNumber(tn)).toBe(tn);
    expect(parseTrackingNumber(tn.toLowerCase())).toBe(tn);
    expect(parseTrackingNumber(`gr-0123-4567-89ab-cdef-${tn[18]!.toLowerCase()}`)).toBe(tn);
    expect(parseTrackingNumber(` GRO${'I23456789ABCDEF'}${tn[18]} `)).toBe(tn);
    expect(parseTrackingNumber(`GR0L23456789ABCDEF${tn[18]}`)).toBe(tn);
    expect(isValidTrackingNumber(tn.toLowerCase())).toBe(false);
  });

  it('reject anything else', () => {
    const tn = generateTrackingNumber();
    for (const bad of [
      '',
      'GR',
      tn.slice(0, -1),
      `${tn}0`,
      `XX${tn.slice(2)}`,
      `GR${'U'.repeat(17)}`,
      `GR${tn.slice(2, 10)}*${tn.slice(11)}`,
      `${tn}${' '.repeat(60)}x`,
      "GR' OR 1=1 --",
      '../../etc/passwd',
    ]) {
      expect(parseTrackingNumber(bad)).toBeUndefined();
    }
  });
});
