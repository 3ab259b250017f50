import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import { SecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore';
import { AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { idOf, loadRendered, type RenderedObject } from './support/rendered';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

/** The schema of every apiVersion/kind this repository renders. */
const MODELS: Record<string, ModelClass> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'argoproj.io/v1alpha1/AppProject': AppProject,
  'argoproj.io/v1alpha1/ApplicationSet': ApplicationSet,
  'external-secrets.io/v1/SecretStore': SecretStore,
  'external-secrets.io/v1/ExternalSecret': ExternalSecret,
} as unknown as Record<string, ModelClass>;

/** Why an object does not match its schema (empty when it does). */
function schemaProblems(object: RenderedObject): string[] {
  const { file: _file, ...data } = object;
  const type = `${object.apiVersion}/${object.kind}`;
  const Model = MODELS[type];
  if (!Model) return [`no schema known for ${type}`];
  try {
    new Model(data as never).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

const objects = loadRendered();

describe('every rendered object matches its schema', () => {
  it.each(objects.map((o) => [`${o.file} ${idOf(o)}`, o] as const))('%s', (_name, object) => {
    expect(schemaProblems(object)).toEqual([]);
  });
});

describe('the schema check itself', () => {
  const deployment = objects.find((o) => o.kind === 'Deployment')!;
  const externalSecret = objects.find((o) => o.kind === 'ExternalSecret')!;

  it('rejects a Deployment whose container has no name', () => {
    const broken = structuredClone(deployment);
    delete broken.spec.template.spec.containers[0].name;
    expect(schemaProblems(broken).join()).toMatch(/required property 'name'|name/);
  });

  it('rejects a Deployment with a malformed replica count', () => {
    const broken = structuredClone(deployment);
    broken.spec.replicas = 'two';
    expect(schemaProblems(broken)).not.toEqual([]);
  });

  it('rejects an ApplicationSet whose generators are not a list', () => {
    const appSet = structuredClone(objects.find((o) => o.kind === 'ApplicationSet')!);
    appSet.spec.generators = { clusters: {} };
    expect(schemaProblems(appSet)).not.toEqual([]);
  });

  it('rejects an ExternalSecret entry without its remote key', () => {
    const broken = structuredClone(externalSecret);
    delete broken.spec.data[0].remoteRef.key;
    expect(schemaProblems(broken).join()).toMatch(/remoteRef must have required property '?key/);
  });

  it('rejects a SecretStore with an AWS service the operator does not know, and an unknown kind', () => {
    const store = structuredClone(objects.find((o) => o.kind === 'SecretStore')!);
    store.spec.provider.aws.service = 'SecretManager';
    expect(schemaProblems(store).join()).toMatch(/allowed values/);
    expect(schemaProblems({ ...deployment, kind: 'Deploymnt' })).toEqual([
      'no schema known for apps/v1/Deploymnt',
    ]);
  });
});
