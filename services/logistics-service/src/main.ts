import { runService } from '@globalretail/service-kit';
import { logisticsDefinition } from './service';

void runService(logisticsDefinition);
