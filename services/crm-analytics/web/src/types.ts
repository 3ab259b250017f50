/** The answers of crm-analytics' /sales API (see its /openapi.json). */
export type Region = 'us-east-1' | 'eu-west-1';

export interface Filters {
  from: string;
  to: string;
  region: Region | null;
  currency: string;
}

export interface Counts {
  placedOrders: number;
  confirmedOrders: number;
  failedOrders: number;
  pendingOrders: number;
  revenueCents: number;
  conversionRate: number | null;
  averageOrderValueCents: number | null;
}

interface Report {
  filters: Filters;
  basis: string[];
}

export interface ByDay extends Report {
  days: (Counts & { day: string })[];
  totals: Counts;
}

export interface ByRegion extends Report {
  regions: (Counts & { region: Region })[];
}

export interface ByProduct extends Report {
  products: {
    sku: string;
    productName: string;
    unitsSold: number;
    confirmedOrders: number;
    revenueCents: number;
  }[];
  productCount: number;
}

export interface TopCustomers extends Report {
  customers: {
    customerId: string;
    region: Region;
    confirmedOrders: number;
    placedOrders: number;
    revenueCents: number;
    averageOrderValueCents: number | null;
    lastOrderAt: string;
  }[];
  customerCount: number;
}

export interface AverageOrderValue extends Report {
  confirmedOrders: number;
  revenueCents: number;
  averageOrderValueCents: number | null;
}

export interface Conversion extends Report {
  placedOrders: number;
  confirmedOrders: number;
  failedOrders: number;
  pendingOrders: number;
  conversionRate: number | null;
}

export interface Dashboard {
  byDay: ByDay;
  byRegion: ByRegion;
  byProduct: ByProduct;
  topCustomers: TopCustomers;
  averageOrderValue: AverageOrderValue;
  conversion: Conversion;
}

export interface Session {
  token: string;
  email: string;
  expiresAt: number;
}
