import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

export interface PolicyStatement {
  readonly sid: string;
  readonly effect?: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources?: readonly string[];
  readonly principals?: readonly {
    readonly type: 'AWS' | 'Service' | 'Federated' | '*';
    readonly identifiers: readonly string[];
  }[];
  readonly conditions?: readonly {
    readonly test: string;
    readonly variable: string;
    readonly values: readonly string[];
  }[];
}

/**
 * Every IAM policy in the app goes through here, as an `aws_iam_policy_document` data
 * source: its statements stay structured in the synthesized JSON, which is what lets the
 * policy tests read every action/resource pair instead of parsing interpolated strings.
 */
export const policyDocument = (
  scope: Construct,
  id: string,
  statements: readonly PolicyStatement[],
): DataAwsIamPolicyDocument =>
  new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((s) => ({
      sid: s.sid,
      effect: s.effect ?? 'Allow',
      actions: [...s.actions],
      resources: s.resources ? [...s.resources] : undefined,
      principals: s.principals?.map((p) => ({ type: p.type, identifiers: [...p.identifiers] })),
      condition: s.conditions?.map((c) => ({
        test: c.test,
        variable: c.variable,
        values: [...c.values],
      })),
    })),
  });

/** Trust policy letting an AWS service (ec2, eks, …) assume a role. */
export const serviceTrust = (scope: Construct, id: string, service: string) =>
  policyDocument(scope, id, [
    {
      sid: 'ServiceAssumesRole',
      actions: ['sts:AssumeRole'],
      principals: [{ type: 'Service', identifiers: [service] }],
    },
  ]);
