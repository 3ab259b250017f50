import { runService } from '@globalretail/service-kit';
import { orderServiceDefinition } from './service';

void runService(orderServiceDefinition);
