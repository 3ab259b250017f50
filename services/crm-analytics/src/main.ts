import { runService } from '@globalretail/service-kit';
import { crmAnalyticsDefinition } from './service';

void runService(crmAnalyticsDefinition);
