import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { EnvironmentConfig } from '../config';
import { StateStore } from '../constructs/state-store';
import { AwsStack } from './aws-stack';

/** `<env>-global-state`: the bucket and lock table every other stack keeps its state in. */
export class StateStack extends AwsStack {
  readonly store: StateStore;

  constructor(scope: Construct, config: EnvironmentConfig) {
    super(scope, {
      config,
      region: config.state.region,
      label: 'global',
      concern: 'state',
      localState: true,
    });
    this.store = new StateStore(this, 'state-store', {
      bucketName: config.state.bucket,
      logsBucketName: config.state.logsBucket,
      lockTableName: config.state.lockTable,
      infrequentAccessAfterDays: 30,
      expireAfterDays: 365,
    });
    new TerraformOutput(this, 'state_bucket', { value: this.store.bucket.bucket });
    new TerraformOutput(this, 'lock_table', { value: this.store.lockTable.name });
  }
}
