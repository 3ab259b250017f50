import { runService } from '@globalretail/service-kit';
import { analyticsDefinition } from './service';

void runService(analyticsDefinition);
