import { runService } from '@globalretail/service-kit';
import { crmApiDefinition } from './service';

void runService(crmApiDefinition);
