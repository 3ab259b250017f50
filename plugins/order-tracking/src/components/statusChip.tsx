import { StatusError, StatusOK, StatusPending } from '@backstage/core-components';

/** An order's or a saga's status as Backstage's status indicators show it. */
export function OrderStatusLabel({ status }: { status: string }) {
  if (status === 'CONFIRMED') return <StatusOK>{status}</StatusOK>;
  if (status === 'FAILED') return <StatusError>{status}</StatusError>;
  return <StatusPending>{status}</StatusPending>;
}

export const money = (cents: number, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
