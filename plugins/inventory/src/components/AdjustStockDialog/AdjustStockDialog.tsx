import { useApi } from '@backstage/core-plugin-api';
import type { ProductStock } from '@internal/plugin-inventory-common';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  TextField,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { type FormEvent, useState } from 'react';
import { inventoryApiRef } from '../../api/InventoryApi';

/** Sets the on-hand count of one product in one warehouse, with the reason for the audit. */
export function AdjustStockDialog(props: {
  product: ProductStock;
  onClose: () => void;
  onAdjusted: (product: ProductStock) => void;
}) {
  const api = useApi(inventoryApiRef);
  const { product } = props;
  const [warehouseId, setWarehouseId] = useState(product.warehouses[0]?.warehouseId ?? '');
  const current = product.warehouses.find((w) => w.warehouseId === warehouseId);
  const [onHand, setOnHand] = useState(String(current?.onHand ?? 0));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      props.onAdjusted(
        await api.adjustStock(product.sku, { warehouseId, onHand: Number(onHand), reason }),
      );
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit}>
        <DialogTitle>
          Adjust stock of {product.name} ({product.sku})
        </DialogTitle>
        <DialogContent>
          {error && (
            <Alert severity="error" role="alert">
              {error}
            </Alert>
          )}
          <TextField
            select
            label="Warehouse"
            fullWidth
            margin="normal"
            value={warehouseId}
            onChange={(e) => setWarehouseId(e.target.value)}
          >
            {product.warehouses.map((w) => (
              <MenuItem key={w.warehouseId} value={w.warehouseId}>
                {w.warehouseId} ({w.region}): {w.onHand} on hand, {w.reserved} reserved
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label="On hand"
            type="number"
            fullWidth
            margin="normal"
            value={onHand}
            onChange={(e) => setOnHand(e.target.value)}
            inputProps={{ min: 0, 'aria-label': 'on hand' }}
            helperText={
              current ? `Cannot go below the ${current.reserved} units reserved` : undefined
            }
          />
          <TextField
            label="Reason"
            fullWidth
            margin="normal"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            inputProps={{ 'aria-label': 'reason' }}
            helperText="Recorded in the audit trail (e.g. cycle count, delivery)"
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" color="primary" variant="contained" disabled={saving}>
            Save
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
