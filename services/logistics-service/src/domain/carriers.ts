import type { Region } from '@globalretail/service-kit';

export const SERVICE_LEVELS = ['standard', 'express'] as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];

/** Where our warehouses ship from, per region: the first and second stop of every timeline. */
export const REGION_ORIGINS: Record<Region, { city: string; country: string }> = {
  'us-east-1': { city: 'Secaucus, NJ', country: 'US' },
  'eu-west-1': { city: 'Dublin', country: 'IE' },
};

export const NORTH_AMERICA = ['US', 'CA', 'MX'] as const;
/** The EU 27, the rest of the EEA (Iceland, Liechtenstein, Norway) and the United Kingdom. */
export const EUROPE = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'IS',
  'LI',
  'NO',
  'GB',
] as const;

export type LaneId =
  'north-america' | 'europe' | 'transatlantic-eastbound' | 'transatlantic-westbound';

/** Regional lanes stay on one continent; transatlantic ones fly, so they promise more days. */
export type LaneKind = 'regional' | 'transatlantic';

export interface Lane {
  id: LaneId;
  kind: LaneKind;
  origin: Region;
  /** Destination countries (ISO 3166-1 alpha-2). */
  countries: readonly string[];
  /** What the lane's rates are quoted in (the origin's currency). */
  currency: 'USD' | 'EUR';
}

export const LANES: readonly Lane[] = [
  {
    id: 'north-america',
    kind: 'regional',
    origin: 'us-east-1',
    countries: NORTH_AMERICA,
    currency: 'USD',
  },
  { id: 'europe', kind: 'regional', origin: 'eu-west-1', countries: EUROPE, currency: 'EUR' },
  {
    id: 'transatlantic-eastbound',
    kind: 'transatlantic',
    origin: 'us-east-1',
    countries: EUROPE,
    currency: 'USD',
  },
  {
    id: 'transatlantic-westbound',
    kind: 'transatlantic',
    origin: 'eu-west-1',
    countries: NORTH_AMERICA,
    currency: 'EUR',
  },
];

/** The longest transit a level may take on a kind of lane before we call the promise broken. */
export const PROMISED_MAX_DAYS: Record<ServiceLevel, Record<LaneKind, number>> = {
  standard: { regional: 5, transatlantic: 8 },
  express: { regional: 2, transatlantic: 4 },
};

/**
 * One product of one carrier on one lane. Cost in the lane's currency (minor units):
 * `baseCents + perKgCents * billable kg + perItemCents * units`.
 */
export interface CarrierOffering {
  /** Stable code, stored on the shipment. */
  code: string;
  carrier: string;
  /** The carrier's product name, shown on the timeline. */
  service: string;
  lane: LaneId;
  serviceLevel: ServiceLevel;
  transitDays: { min: number; max: number };
  baseCents: number;
  perKgCents?: number;
  perItemCents?: number;
  /** Limits the offering to some of the lane's countries (all of them when absent). */
  countries?: readonly string[];
  /** Sorting hub or gateway the parcel passes through: where IN_TRANSIT events happen. */
  hub: string;
}

const offering = (o: CarrierOffering): CarrierOffering => o;

/**
 * The rate table: list prices of a mid-size shipper, rounded. Documented in the README; a
 * change here affects new shipments only (each shipment snapshots its route and cost).
 */
export const RATE_TABLE: readonly CarrierOffering[] = [
  // North America, from the New Jersey warehouse.
  offering({
    code: 'usps-ground-advantage',
    carrier: 'USPS',
    service: 'USPS Ground Advantage',
    lane: 'north-america',
    serviceLevel: 'standard',
    transitDays: { min: 2, max: 5 },
    baseCents: 495,
    perKgCents: 110,
    countries: ['US'],
    hub: 'Philadelphia, PA, US',
  }),
  offering({
    code: 'ups-ground',
    carrier: 'UPS',
    service: 'UPS Ground',
    lane: 'north-america',
    serviceLevel: 'standard',
    transitDays: { min: 1, max: 5 },
    baseCents: 895,
    perKgCents: 85,
    countries: ['US'],
    hub: 'Louisville, KY, US',
  }),
  offering({
    code: 'fedex-ground',
    carrier: 'FedEx',
    service: 'FedEx Ground',
    lane: 'north-america',
    serviceLevel: 'standard',
    transitDays: { min: 1, max: 5 },
    baseCents: 925,
    perKgCents: 80,
    countries: ['US', 'CA'],
    hub: 'Memphis, TN, US',
  }),
  offering({
    code: 'ups-worldwide-expedited-na',
    carrier: 'UPS',
    service: 'UPS Worldwide Expedited',
    lane: 'north-america',
    serviceLevel: 'standard',
    transitDays: { min: 2, max: 5 },
    baseCents: 2450,
    perKgCents: 310,
    countries: ['CA', 'MX'],
    hub: 'Louisville, KY, US',
  }),
  offering({
    code: 'usps-priority-mail-express',
    carrier: 'USPS',
    service: 'USPS Priority Mail Express',
    lane: 'north-america',
    serviceLevel: 'express',
    transitDays: { min: 1, max: 2 },
    baseCents: 2850,
    perKgCents: 220,
    countries: ['US'],
    hub: 'Philadelphia, PA, US',
  }),
  offering({
    code: 'ups-2nd-day-air',
    carrier: 'UPS',
    service: 'UPS 2nd Day Air',
    lane: 'north-america',
    serviceLevel: 'express',
    transitDays: { min: 2, max: 2 },
    baseCents: 1950,
    perKgCents: 260,
    countries: ['US'],
    hub: 'Louisville, KY, US',
  }),
  offering({
    code: 'fedex-2day',
    carrier: 'FedEx',
    service: 'FedEx 2Day',
    lane: 'north-america',
    serviceLevel: 'express',
    transitDays: { min: 1, max: 2 },
    baseCents: 2050,
    perKgCents: 250,
    countries: ['US'],
    hub: 'Memphis, TN, US',
  }),
  offering({
    code: 'fedex-international-priority-na',
    carrier: 'FedEx',
    service: 'FedEx International Priority',
    lane: 'north-america',
    serviceLevel: 'express',
    transitDays: { min: 1, max: 2 },
    baseCents: 4600,
    perKgCents: 550,
    countries: ['CA', 'MX'],
    hub: 'Memphis, TN, US',
  }),
  offering({
    code: 'dhl-express-worldwide-na',
    carrier: 'DHL',
    service: 'DHL Express Worldwide',
    lane: 'north-america',
    serviceLevel: 'express',
    transitDays: { min: 1, max: 3 },
    baseCents: 4200,
    perKgCents: 600,
    countries: ['CA', 'MX'],
    hub: 'Cincinnati, OH, US',
  }),

  // Europe, from the Dublin warehouse.
  offering({
    code: 'an-post-parcel',
    carrier: 'An Post',
    service: 'An Post Parcel',
    lane: 'europe',
    serviceLevel: 'standard',
    transitDays: { min: 1, max: 3 },
    baseCents: 650,
    perKgCents: 60,
    countries: ['IE'],
    hub: 'Dublin Mail Centre, IE',
  }),
  offering({
    code: 'dpd-classic',
    carrier: 'DPD',
    service: 'DPD Classic',
    lane: 'europe',
    serviceLevel: 'standard',
    transitDays: { min: 2, max: 5 },
    baseCents: 1190,
    perKgCents: 95,
    hub: 'Athlone, IE',
  }),
  offering({
    code: 'gls-euro-business-parcel',
    carrier: 'GLS',
    service: 'GLS EuroBusinessParcel',
    lane: 'europe',
    serviceLevel: 'standard',
    transitDays: { min: 3, max: 6 },
    baseCents: 990,
    perKgCents: 80,
    hub: 'Neuenstein, DE',
  }),
  offering({
    code: 'dhl-express-worldwide-eu',
    carrier: 'DHL',
    service: 'DHL Express Worldwide',
    lane: 'europe',
    serviceLevel: 'express',
    transitDays: { min: 1, max: 2 },
    baseCents: 2890,
    perKgCents: 310,
    hub: 'Leipzig, DE',
  }),
  offering({
    code: 'ups-express-saver-eu',
    carrier: 'UPS',
    service: 'UPS Express Saver',
    lane: 'europe',
    serviceLevel: 'express',
    transitDays: { min: 1, max: 3 },
    baseCents: 2490,
    perKgCents: 290,
    hub: 'Cologne, DE',
  }),
  offering({
    code: 'fedex-international-priority-eu',
    carrier: 'FedEx',
    service: 'FedEx International Priority',
    lane: 'europe',
    serviceLevel: 'express',
    transitDays: { min: 1, max: 2 },
    baseCents: 3150,
    perKgCents: 280,
    hub: 'Paris-Charles de Gaulle, FR',
  }),

  // New Jersey to Europe.
  offering({
    code: 'usps-priority-mail-international',
    carrier: 'USPS',
    service: 'USPS Priority Mail International',
    lane: 'transatlantic-eastbound',
    serviceLevel: 'standard',
    transitDays: { min: 6, max: 10 },
    baseCents: 4500,
    perKgCents: 900,
    hub: 'New York JFK International Service Center, US',
  }),
  offering({
    code: 'ups-worldwide-expedited-east',
    carrier: 'UPS',
    service: 'UPS Worldwide Expedited',
    lane: 'transatlantic-eastbound',
    serviceLevel: 'standard',
    transitDays: { min: 4, max: 7 },
    baseCents: 5400,
    perKgCents: 1100,
    hub: 'Cologne, DE',
  }),
  offering({
    code: 'fedex-international-economy-east',
    carrier: 'FedEx',
    service: 'FedEx International Economy',
    lane: 'transatlantic-eastbound',
    serviceLevel: 'standard',
    transitDays: { min: 4, max: 6 },
    baseCents: 5900,
    perKgCents: 1050,
    hub: 'Paris-Charles de Gaulle, FR',
  }),
  offering({
    code: 'dhl-express-worldwide-east',
    carrier: 'DHL',
    service: 'DHL Express Worldwide',
    lane: 'transatlantic-eastbound',
    serviceLevel: 'express',
    transitDays: { min: 2, max: 4 },
    baseCents: 7900,
    perKgCents: 1400,
    hub: 'Leipzig, DE',
  }),
  offering({
    code: 'fedex-international-priority-east',
    carrier: 'FedEx',
    service: 'FedEx International Priority',
    lane: 'transatlantic-eastbound',
    serviceLevel: 'express',
    transitDays: { min: 1, max: 3 },
    baseCents: 8600,
    perKgCents: 1350,
    hub: 'Paris-Charles de Gaulle, FR',
  }),
  offering({
    code: 'ups-worldwide-express-east',
    carrier: 'UPS',
    service: 'UPS Worldwide Express',
    lane: 'transatlantic-eastbound',
    serviceLevel: 'express',
    transitDays: { min: 1, max: 3 },
    baseCents: 9200,
    perKgCents: 1300,
    hub: 'Cologne, DE',
  }),

  // Dublin to North America.
  offering({
    code: 'an-post-international-tracked',
    carrier: 'An Post',
    service: 'An Post International Tracked',
    lane: 'transatlantic-westbound',
    serviceLevel: 'standard',
    transitDays: { min: 6, max: 10 },
    baseCents: 3200,
    perKgCents: 800,
    hub: 'Dublin Mail Centre, IE',
  }),
  offering({
    code: 'ups-worldwide-expedited-west',
    carrier: 'UPS',
    service: 'UPS Worldwide Expedited',
    lane: 'transatlantic-westbound',
    serviceLevel: 'standard',
    transitDays: { min: 4, max: 7 },
    baseCents: 4700,
    perKgCents: 1000,
    hub: 'Louisville, KY, US',
  }),
  offering({
    code: 'dhl-express-worldwide-west',
    carrier: 'DHL',
    service: 'DHL Express Worldwide',
    lane: 'transatlantic-westbound',
    serviceLevel: 'express',
    transitDays: { min: 2, max: 4 },
    baseCents: 6900,
    perKgCents: 1250,
    hub: 'Cincinnati, OH, US',
  }),
  offering({
    code: 'fedex-international-priority-west',
    carrier: 'FedEx',
    service: 'FedEx International Priority',
    lane: 'transatlantic-westbound',
    serviceLevel: 'express',
    transitDays: { min: 1, max: 3 },
    baseCents: 7600,
    perKgCents: 1200,
    hub: 'Memphis, TN, US',
  }),
];

/** The lane from a region's warehouses to a country, or undefined when we do not ship there. */
export function findLane(origin: Region, country: string): Lane | undefined {
  return LANES.find((lane) => lane.origin === origin && lane.countries.includes(country));
}

/** Countries a region's warehouses ship to. */
export function supportedCountries(origin: Region): string[] {
  return LANES.filter((lane) => lane.origin === origin).flatMap((lane) => [...lane.countries]);
}

/**
 * Carriers bill by weight rounded up to the next half kilogram (at least half a kilogram).
 * Items carry no weight in the contract, so every unit counts as `unitWeightKg`.
 */
export function billableWeightKg(units: number, unitWeightKg: number): number {
  return Math.max(0.5, Math.ceil(units * unitWeightKg * 2) / 2);
}

export function offeringCostCents(o: CarrierOffering, units: number, unitWeightKg: number): number {
  const kg = billableWeightKg(units, unitWeightKg);
  return Math.round(o.baseCents + (o.perKgCents ?? 0) * kg + (o.perItemCents ?? 0) * units);
}

export interface CarrierRequest {
  originRegion: Region;
  country: string;
  serviceLevel: ServiceLevel;
  /** Total units in the parcel. */
  units: number;
  unitWeightKg: number;
}

export interface Quote {
  offering: CarrierOffering;
  costCents: number;
}

export type CarrierChoice =
  | {
      ok: true;
      lane: Lane;
      offering: CarrierOffering;
      costCents: number;
      currency: Lane['currency'];
      promisedMaxDays: number;
      /** False when no offering of the level keeps the promise and the fastest was taken. */
      meetsPromise: boolean;
      /** Every offering considered, cheapest first (for logs and the README's examples). */
      quotes: Quote[];
    }
  | { ok: false; reason: 'UNSUPPORTED_DESTINATION'; supportedCountries: string[] };

const faster = (a: Quote, b: Quote) =>
  a.offering.transitDays.max - b.offering.transitDays.max ||
  a.offering.transitDays.min - b.offering.transitDays.min;
const cheaper = (a: Quote, b: Quote) => a.costCents - b.costCents;
// The code is the last resort, so the same input always picks the same carrier.
const byCode = (a: Quote, b: Quote) => a.offering.code.localeCompare(b.offering.code);

/**
 * Picks the carrier for a parcel: among the lane's offerings of the requested service level
 * that serve the country, the cheapest whose slowest transit keeps the level's promise on this
 * kind of lane (ties go to the faster one); when none keeps it, the fastest (ties to the
 * cheaper). Pure: the rate table is a parameter so tests can shape the market.
 */
export function chooseCarrier(
  request: CarrierRequest,
  table: readonly CarrierOffering[] = RATE_TABLE,
): CarrierChoice {
  const lane = findLane(request.originRegion, request.country);
  const unsupported = {
    ok: false as const,
    reason: 'UNSUPPORTED_DESTINATION' as const,
    supportedCountries: supportedCountries(request.originRegion),
  };
  if (!lane) return unsupported;
  const quotes: Quote[] = table
    .filter(
      (o) =>
        o.lane === lane.id &&
        o.serviceLevel === request.serviceLevel &&
        (!o.countries || o.countries.includes(request.country)),
    )
    .map((o) => ({
      offering: o,
      costCents: offeringCostCents(o, request.units, request.unitWeightKg),
    }))
    .sort((a, b) => cheaper(a, b) || faster(a, b) || byCode(a, b));
  if (quotes.length === 0) return unsupported;
  const promisedMaxDays = PROMISED_MAX_DAYS[request.serviceLevel][lane.kind];
  const keepsPromise = quotes.filter((q) => q.offering.transitDays.max <= promisedMaxDays);
  const chosen =
    keepsPromise[0] ??
    [...quotes].sort((a, b) => faster(a, b) || cheaper(a, b) || byCode(a, b))[0]!;
  return {
    ok: true,
    lane,
    offering: chosen.offering,
    costCents: chosen.costCents,
    currency: lane.currency,
    promisedMaxDays,
    meetsPromise: keepsPromise.length > 0,
    quotes,
  };
}
