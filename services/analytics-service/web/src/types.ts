/** The JSON shapes of /api/analytics/supply/* (analytics-service src/routes/schemas.ts). */
export type Region = 'us-east-1' | 'eu-west-1';

export interface StockRow {
  sku: string;
  warehouseId: string;
  region: string | null;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number | null;
  low: boolean;
  basis: 'event' | 'snapshot' | 'movements-only';
  asOf: string | null;
}

export interface LowStockAlert {
  eventId: string;
  sku: string;
  warehouseId: string;
  region: string | null;
  onHand: number;
  reserved: number;
  available: number;
  threshold: number;
  occurredAt: string;
}

export interface SupplySummary {
  generatedAt: string;
  region: string | null;
  periodHours: number | null;
  stock: {
    totals: { onHand: number; reserved: number; available: number };
    lowCount: number;
    byWarehouse: {
      warehouseId: string;
      region: string | null;
      onHand: number;
      reserved: number;
      available: number;
      skus: number;
      lowCount: number;
    }[];
    rows: StockRow[];
  };
  lowStock: { currentlyLow: number; recentAlerts: LowStockAlert[] };
  shipments: { total: number; byStatus: Record<string, number> };
  fillRate: {
    orders: { confirmed: number; failed: number; total: number };
    unitsOrdered: number;
    unitsConfirmed: number;
    fillRate: number | null;
  };
  onTime: { delivered: number; onTime: number; late: number; onTimeRate: number | null };
  ordersPerMinute: {
    total: number;
    averagePerMinute: number;
    buckets: { minute: string; confirmed: number; failed: number; total: number }[];
  };
}

export interface Forecast {
  sku: string;
  level: number;
  method: 'holt-winters-additive' | 'none';
  model: { period: number; trend: string; rmse: number } | null;
  history: { days: number; totalUnits: number; daily: { date: string; units: number }[] };
  forecast: { date: string; units: number; lower: number; upper: number }[];
  modelsEvaluated: number;
  computeMs: number;
}

export interface Session {
  token: string;
  email: string;
  name: string;
  expiresAt: number;
}
