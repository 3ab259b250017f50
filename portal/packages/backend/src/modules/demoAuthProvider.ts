import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { timingSafeEqual } from 'node:crypto';

/** Headers the portal's sign-in page sends with every session refresh. */
export const DEMO_EMAIL_HEADER = 'x-demo-email';
export const DEMO_PASSWORD_HEADER = 'x-demo-password';

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * A local stand-in for a real identity provider: an email and the shared demo password. Who
 * the person is (and so whether they are an operator) comes from the catalog's User entities,
 * exactly as it would behind a real provider with the same sign-in resolver.
 */
export const demoAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async (result: { email: string }) => ({
    profile: { email: result.email },
  }),
  initialize({ config }) {
    const password = config.getOptionalString('password');
    if (!password) throw new Error('auth.providers.demo.password is not set');
    return { password };
  },
  async authenticate({ req }, { password }) {
    const email = String(req.header(DEMO_EMAIL_HEADER) ?? '')
      .trim()
      .toLowerCase();
    const given = String(req.header(DEMO_PASSWORD_HEADER) ?? '');
    if (!email || !given) throw new AuthenticationError('sign in with an email and the password');
    if (!sameText(given, password)) throw new AuthenticationError('wrong email or password');
    return { result: { email } };
  },
});

export const demoAuthProviderModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
      },
      async init({ providers, logger, config }) {
        // A shared password is for laptops only, whatever else the merged config says.
        if (config.getOptionalString('auth.environment') === 'production') {
          logger.info('demo sign-in disabled: auth.environment is production');
          return;
        }
        logger.info('demo sign-in enabled: local stand-in for a real identity provider');
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: demoAuthenticator,
            async signInResolver({ result }, ctx) {
              // Unknown people are refused: only catalog Users may sign in.
              try {
                return await ctx.signInWithCatalogUser({
                  filter: { 'spec.profile.email': result.email },
                });
              } catch {
                throw new AuthenticationError('wrong email or password');
              }
            },
          }),
        });
      },
    });
  },
});
