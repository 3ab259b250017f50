export {
  orderServiceDefinition,
  configSchema,
  orderServiceHandles,
  testHooks,
  type OrderServiceConfig,
} from './service';
export { SimulatedCrash, type SagaHooks } from './domain/saga';
export type { SupplyOrder, SupplyOrderView } from './domain/types';
