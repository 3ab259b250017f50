import { ConfigReader } from '@backstage/config';
import { DEMO_EMAIL_HEADER, DEMO_PASSWORD_HEADER, demoAuthenticator } from './demoAuthProvider';

const context = demoAuthenticator.initialize({
  config: new ConfigReader({ password: 'demo-password' }),
});
type ProxyRequest = Parameters<typeof demoAuthenticator.authenticate>[0]['req'];
const request = (headers: Record<string, string>) =>
  ({ header: (name: string) => headers[name.toLowerCase()] }) as unknown as ProxyRequest;

describe('demo sign-in', () => {
  it('accepts an email with the configured password, lower-cased', async () => {
    const { result } = await demoAuthenticator.authenticate(
      {
        req: request({
          [DEMO_EMAIL_HEADER]: ' Ops@GlobalRetail.example ',
          [DEMO_PASSWORD_HEADER]: 'demo-password',
        }),
      },
      context,
    );
    expect(result).toEqual({ email: 'ops@globalretail.example' });
  });

  it('refuses a wrong or missing password', async () => {
    for (const password of ['wrong', '']) {
      await expect(
        demoAuthenticator.authenticate(
          {
            req: request({
              [DEMO_EMAIL_HEADER]: 'ops@globalretail.example',
              [DEMO_PASSWORD_HEADER]: password,
            }),
          },
          context,
        ),
      ).rejects.toThrow(/password/);
    }
  });

  it('will not start without a password configured', () => {
    expect(() => demoAuthenticator.initialize({ config: new ConfigReader({}) })).toThrow(
      /password is not set/,
    );
  });
});
