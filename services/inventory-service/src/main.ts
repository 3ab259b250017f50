import { runService } from '@globalretail/service-kit';
import { inventoryDefinition } from './service';

void runService(inventoryDefinition);
