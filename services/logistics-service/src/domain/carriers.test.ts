import {
  billableWeightKg,
  chooseCarrier,
  EUROPE,
  LANES,
  NORTH_AMERICA,
  offeringCostCents,
  RATE_TABLE,
  SERVICE_LEVELS,
  type CarrierOffering,
  type CarrierRequest,
} from './carriers';

const request = (overrides: Partial<CarrierRequest> = {}): CarrierRequest => ({
  originRegion: 'us-east-1',
  country: 'US',
  serviceLevel: 'standard',
  units: 1,
  unitWeightKg: 0.5,
  ...overrides,
});

function pick(overrides: Partial<CarrierRequest>) {
  const choice = chooseCarrier(request(overrides));
  if (!choice.ok) throw new Error(`no carrier for ${JSON.stringify(overrides)}`);
  return choice;
}

describe('the rate table', () => {
  it('serves every supported country at every service level', () => {
    for (const lane of LANES) {
      for (const country of lane.countries) {
        for (const serviceLevel of SERVICE_LEVELS) {
          const choice = chooseCarrier(
            request({ originRegion: lane.origin, country, serviceLevel }),
          );
          expect(choice).toMatchObject({ ok: true, lane: { id: lane.id } });
        }
      }
    }
  });

  it('has unique offering codes and sane transit windows and prices', () => {
    expect(new Set(RATE_TABLE.map((o) => o.code)).size).toBe(RATE_TABLE.length);
    for (const o of RATE_TABLE) {
      expect(o.transitDays.min).toBeGreaterThanOrEqual(1);
      expect(o.transitDays.max).toBeGreaterThanOrEqual(o.transitDays.min);
      expect(o.baseCents).toBeGreaterThan(0);
      const lane = LANES.find((l) => l.id === o.lane)!;
      for (const c of o.countries ?? []) expect(lane.countries).toContain(c);
    }
  });

  it('covers North America and the EU, the EEA and the UK', () => {
    expect([...NORTH_AMERICA]).toEqual(['US', 'CA', 'MX']);
    expect(EUROPE).toHaveLength(27 + 3 + 1);
    expect(EUROPE).toEqual(expect.arrayContaining(['DE', 'FR', 'IE', 'NO', 'IS', 'LI', 'GB']));
  });
});

describe('chooseCarrier, lane by lane', () => {
  it('North America standard: the cheapest ground service within 5 days, in dollars', () => {
    const us = pick({ country: 'US' });
    expect(us).toMatchObject({
      lane: { id: 'north-america' },
      offering: { code: 'usps-ground-advantage' },
      costCents: 495 + 110 * 0.5,
      currency: 'USD',
      promisedMaxDays: 5,
      meetsPromise: true,
    });
    expect(pick({ country: 'CA' }).offering.code).toBe('fedex-ground');
    expect(pick({ country: 'MX' }).offering.code).toBe('ups-worldwide-expedited-na');
  });

  it('North America standard: a heavy parcel goes to the carrier with the lower per-kg rate', () => {
    // 80 units * 0.5 kg = 40 kg: FedEx Ground 925 + 80*40 beats USPS 495 + 110*40.
    expect(pick({ country: 'US', units: 80 })).toMatchObject({
      offering: { code: 'fedex-ground' },
      costCents: 925 + 80 * 40,
    });
  });

  it('North America express: within 2 days, skipping a cheaper 3-day courier', () => {
    expect(pick({ country: 'US', serviceLevel: 'express' })).toMatchObject({
      offering: { code: 'ups-2nd-day-air' },
      promisedMaxDays: 2,
      meetsPromise: true,
    });
    // DHL (1-3 days) is cheaper to Canada, but only FedEx promises 2 days.
    const ca = pick({ country: 'CA', serviceLevel: 'express' });
    expect(ca.quotes[0]!.offering.code).toBe('dhl-express-worldwide-na');
    expect(ca.offering.code).toBe('fedex-international-priority-na');
  });

  it('Europe standard: domestic post in Ireland, DPD rather than the slower GLS elsewhere, in euros', () => {
    expect(pick({ originRegion: 'eu-west-1', country: 'IE' })).toMatchObject({
      lane: { id: 'europe' },
      offering: { code: 'an-post-parcel' },
      currency: 'EUR',
    });
    const de = pick({ originRegion: 'eu-west-1', country: 'DE' });
    expect(de.quotes[0]!.offering.code).toBe('gls-euro-business-parcel');
    expect(de).toMatchObject({
      offering: { code: 'dpd-classic' },
      costCents: Math.round(1190 + 95 * 0.5),
    });
    expect(pick({ originRegion: 'eu-west-1', country: 'GB' }).offering.code).toBe('dpd-classic');
  });

  it('Europe express: DHL within 2 days', () => {
    expect(
      pick({ originRegion: 'eu-west-1', country: 'FR', serviceLevel: 'express' }),
    ).toMatchObject({
      offering: { code: 'dhl-express-worldwide-eu' },
      promisedMaxDays: 2,
    });
  });

  it('eastbound across the Atlantic: 8 days standard, 4 days express', () => {
    const standard = pick({ originRegion: 'us-east-1', country: 'DE' });
    expect(standard).toMatchObject({
      lane: { id: 'transatlantic-eastbound', kind: 'transatlantic' },
      offering: { code: 'ups-worldwide-expedited-east' },
      promisedMaxDays: 8,
      currency: 'USD',
    });
    // USPS is the cheapest but takes up to 10 days.
    expect(standard.quotes[0]!.offering.code).toBe('usps-priority-mail-international');
    expect(
      pick({ originRegion: 'us-east-1', country: 'NO', serviceLevel: 'express' }),
    ).toMatchObject({
      offering: { code: 'dhl-express-worldwide-east' },
      promisedMaxDays: 4,
    });
  });

  it('westbound across the Atlantic: standard and express', () => {
    expect(pick({ originRegion: 'eu-west-1', country: 'US' })).toMatchObject({
      lane: { id: 'transatlantic-westbound' },
      offering: { code: 'ups-worldwide-expedited-west' },
      currency: 'EUR',
    });
    expect(
      pick({ originRegion: 'eu-west-1', country: 'MX', serviceLevel: 'express' }),
    ).toMatchObject({
      offering: { code: 'dhl-express-worldwide-west' },
    });
  });

  it('refuses a destination no lane reaches, naming the countries it does reach', () => {
    const choice = chooseCarrier(request({ country: 'JP' }));
    expect(choice).toMatchObject({ ok: false, reason: 'UNSUPPORTED_DESTINATION' });
    if (choice.ok) return;
    expect(choice.supportedCountries).toEqual(expect.arrayContaining(['US', 'CA', 'DE', 'GB']));
    expect(chooseCarrier(request({ country: 'UK' })).ok).toBe(false);
  });
});

describe('chooseCarrier, the rule itself', () => {
  const base = {
    lane: 'north-america',
    serviceLevel: 'standard',
    baseCents: 1000,
    hub: 'Somewhere',
  } as const;
  const table: CarrierOffering[] = [
    {
      ...base,
      code: 'slow-cheap',
      carrier: 'A',
      service: 'A',
      transitDays: { min: 4, max: 9 },
      baseCents: 100,
    },
    {
      ...base,
      code: 'fast-pricey',
      carrier: 'B',
      service: 'B',
      transitDays: { min: 1, max: 3 },
      baseCents: 900,
    },
    {
      ...base,
      code: 'mid-a',
      carrier: 'C',
      service: 'C',
      transitDays: { min: 2, max: 5 },
      baseCents: 500,
    },
    {
      ...base,
      code: 'mid-b',
      carrier: 'D',
      service: 'D',
      transitDays: { min: 1, max: 4 },
      baseCents: 500,
    },
  ];

  it('takes the cheapest offering that keeps the promise, and the faster one of equal price', () => {
    const choice = chooseCarrier(request(), table);
    expect(choice).toMatchObject({ ok: true, offering: { code: 'mid-b' }, meetsPromise: true });
  });

  it('falls back to the fastest offering when none keeps the promise', () => {
    const slow = table.map((o) => ({
      ...o,
      transitDays: { min: o.transitDays.min + 5, max: o.transitDays.max + 5 },
    }));
    const choice = chooseCarrier(request(), slow);
    expect(choice).toMatchObject({
      ok: true,
      offering: { code: 'fast-pricey' },
      meetsPromise: false,
    });
  });

  it('among equally fast fallbacks takes the cheaper one', () => {
    const twins: CarrierOffering[] = [
      {
        ...base,
        code: 'twin-dear',
        carrier: 'X',
        service: 'X',
        transitDays: { min: 6, max: 7 },
        baseCents: 800,
      },
      {
        ...base,
        code: 'twin-cheap',
        carrier: 'Y',
        service: 'Y',
        transitDays: { min: 6, max: 7 },
        baseCents: 700,
      },
      {
        ...base,
        code: 'slowest',
        carrier: 'Z',
        service: 'Z',
        transitDays: { min: 9, max: 12 },
        baseCents: 100,
      },
    ];
    expect(chooseCarrier(request(), twins)).toMatchObject({ offering: { code: 'twin-cheap' } });
  });

  it('only considers the requested service level and the countries an offering serves', () => {
    const mixed: CarrierOffering[] = [
      {
        ...base,
        code: 'express-only',
        serviceLevel: 'express',
        carrier: 'E',
        service: 'E',
        transitDays: { min: 1, max: 1 },
        baseCents: 1,
      },
      {
        ...base,
        code: 'canada-only',
        countries: ['CA'],
        carrier: 'F',
        service: 'F',
        transitDays: { min: 1, max: 2 },
        baseCents: 2,
      },
      {
        ...base,
        code: 'standard',
        carrier: 'G',
        service: 'G',
        transitDays: { min: 2, max: 5 },
        baseCents: 300,
      },
    ];
    expect(chooseCarrier(request(), mixed)).toMatchObject({ offering: { code: 'standard' } });
    expect(chooseCarrier(request({ country: 'CA' }), mixed)).toMatchObject({
      offering: { code: 'canada-only' },
    });
    expect(chooseCarrier(request({ country: 'MX', serviceLevel: 'express' }), [])).toMatchObject({
      ok: false,
    });
  });
});

describe('cost', () => {
  it('bills weight rounded up to the next half kilogram, at least half a kilogram', () => {
    expect(billableWeightKg(1, 0.5)).toBe(0.5);
    expect(billableWeightKg(1, 0.1)).toBe(0.5);
    expect(billableWeightKg(2, 0.3)).toBe(1);
    expect(billableWeightKg(3, 0.5)).toBe(1.5);
    expect(billableWeightKg(3, 2)).toBe(6);
  });

  it('adds base, per-kg and per-item parts in minor units', () => {
    const o: CarrierOffering = {
      code: 'x',
      carrier: 'X',
      service: 'X',
      lane: 'europe',
      serviceLevel: 'standard',
      transitDays: { min: 1, max: 2 },
      baseCents: 300,
      perKgCents: 100,
      perItemCents: 25,
      hub: 'Hub',
    };
    // 3 units * 0.4 kg = 1.2 kg -> 1.5 kg billable.
    expect(offeringCostCents(o, 3, 0.4)).toBe(300 + 150 + 75);
  });

  it('lets the configured unit weight change the price', () => {
    const light = pick({ country: 'US', unitWeightKg: 0.5 });
    const heavy = pick({ country: 'US', unitWeightKg: 5 });
    expect(heavy.costCents).toBeGreaterThan(light.costCents);
  });
});
