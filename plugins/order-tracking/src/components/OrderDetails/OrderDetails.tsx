import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Grid, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { orderTrackingApiRef } from '../../api/OrderTrackingApi';
import { money, OrderStatusLabel } from '../statusChip';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** One order: what was bought, the saga's steps in order, and each shipment's timeline. */
export function OrderDetails({ orderId }: { orderId: string }) {
  const api = useApi(orderTrackingApiRef);
  const { value, loading, error } = useAsync(() => api.getOrder(orderId), [api, orderId]);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  const { order, saga, shipments, unavailable } = value;
  return (
    <Grid container spacing={2} data-testid="order-details">
      {unavailable.length > 0 && (
        <Grid item xs={12}>
          <Alert severity="warning">Could not load: {unavailable.join(', ')}</Alert>
        </Grid>
      )}
      <Grid item xs={12} md={5}>
        <InfoCard title={`Order ${order.id}`}>
          <StructuredMetadataTable
            metadata={{
              status: <OrderStatusLabel status={order.status} />,
              customer: order.customerEmail,
              region: order.region,
              total: money(order.totalCents, order.currency),
              placed: when(order.createdAt),
              lines: order.lines.map((l) => `${l.quantity} × ${l.productName} (${l.sku})`),
              'tracking numbers': order.trackingNumbers.length ? order.trackingNumbers : '—',
              ...(order.failureReason ? { 'failure reason': order.failureReason } : {}),
            }}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <Table
          title="Saga steps"
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={[
            { title: 'Step', field: 'step' },
            { title: 'Outcome', field: 'outcome' },
            { title: 'At', field: 'at', render: (row) => when(row.at) },
          ]}
          data={saga?.log ?? []}
          emptyContent={
            <Typography style={{ padding: 16 }}>
              {saga ? 'No steps recorded yet.' : 'This order never reached order-service.'}
            </Typography>
          }
        />
      </Grid>
      {shipments.map((shipment) => (
        <Grid item xs={12} key={shipment.trackingNumber}>
          <Table
            title={`Shipment ${shipment.trackingNumber} · ${shipment.carrier} · ${shipment.status}`}
            subtitle={`Estimated delivery ${when(shipment.estimatedDeliveryAt)}`}
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={[
              { title: 'At', field: 'at', render: (row) => when(row.at) },
              { title: 'Status', field: 'status' },
              { title: 'What happened', field: 'description' },
              { title: 'Where', field: 'location', render: (row) => row.location ?? '—' },
            ]}
            data={shipment.events}
          />
        </Grid>
      ))}
    </Grid>
  );
}
