/** Shipment statuses as logistics-service reports them (docs/service-contracts.md). */
export const SHIPMENT_STATUSES = [
  'LABEL_CREATED',
  'PICKED_UP',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'EXCEPTION',
  'CANCELLED',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

const LABELS: Record<ShipmentStatus, string> = {
  LABEL_CREATED: 'Label created',
  PICKED_UP: 'Picked up',
  IN_TRANSIT: 'In transit',
  OUT_FOR_DELIVERY: 'Out for delivery',
  DELIVERED: 'Delivered',
  EXCEPTION: 'Delayed',
  CANCELLED: 'Cancelled',
};

/** What a person reads for a status; an unknown future status shows readably, not as a code. */
export function statusLabel(status: string): string {
  if (status in LABELS) return LABELS[status as ShipmentStatus];
  const words = status.toLowerCase().replace(/_/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Unknown';
}

/** A final status never changes again, so the page stops asking. */
export const isFinalStatus = (status: string): boolean =>
  status === 'DELIVERED' || status === 'CANCELLED';

/** The steps of a normal journey, for the progress bar; EXCEPTION sits on IN_TRANSIT. */
const PROGRESS_STEPS: ShipmentStatus[] = [
  'LABEL_CREATED',
  'PICKED_UP',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
];

export interface Progress {
  step: number;
  of: number;
  label: string;
}

export function progressOf(status: string): Progress | undefined {
  const normalized = status === 'EXCEPTION' ? 'IN_TRANSIT' : status;
  const index = PROGRESS_STEPS.indexOf(normalized as ShipmentStatus);
  if (index < 0) return undefined;
  return { step: index + 1, of: PROGRESS_STEPS.length, label: statusLabel(status) };
}

export type StatusTone = 'neutral' | 'moving' | 'good' | 'warning' | 'stopped';

export function statusTone(status: string): StatusTone {
  switch (status) {
    case 'DELIVERED':
      return 'good';
    case 'EXCEPTION':
      return 'warning';
    case 'CANCELLED':
      return 'stopped';
    case 'PICKED_UP':
    case 'IN_TRANSIT':
    case 'OUT_FOR_DELIVERY':
      return 'moving';
    default:
      return 'neutral';
  }
}
