export { AdjustStockDialog } from './AdjustStockDialog';
