import { Server } from 'node:http';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';

/** A password that meets the default policy. */
export const GOOD_PASSWORD = 'Correct-Horse-7-battery';

/**
 * What the sign-in tests do through the API as the platform admin ada:
 * provision tenants, invite users and accept for them with a password.
 */
export function signinFixtures(server: () => Server) {
  const api = () => request(server());
  const ada = (req: request.Test) =>
    req.set('Authorization', mockCredentials.user.header('user:default/ada'));
  let invited = 0;

  return {
    api,
    ada,
    /** Provisions `name` (domain `<name>.example`) with these settings. */
    async provision(name: string, settings: Record<string, unknown> = {}) {
      const provisioned = await ada(
        api()
          .post('/api/tenants/tenants')
          .send({
            name,
            displayName: name,
            domain: `${name}.example`,
            plan: 'starter',
            ownerEmail: `owner@${name}.example`,
          }),
      );
      if (provisioned.status !== 201) {
        throw new Error(`Provisioning ${name}: ${provisioned.text}`);
      }
      if (Object.keys(settings).length > 0) {
        const changed = await ada(
          api()
            .put(`/api/tenants/tenants/${name}/organization`)
            .send({ settings }),
        );
        if (changed.status !== 200) {
          throw new Error(`Settings of ${name}: ${changed.text}`);
        }
      }
    },
    /** Invites a fresh user; answers the address and the invitation token. */
    async invite(tenant: string, role = 'user') {
      invited += 1;
      const email = `user${invited}@${tenant}.example`;
      const res = await ada(
        api()
          .post(`/api/tenants/tenants/${tenant}/invitations`)
          .send({ email, role }),
      );
      if (res.status !== 201) throw new Error(`Inviting: ${res.text}`);
      const token = new URL(res.body.acceptUrl).searchParams.get('token')!;
      return { email, token };
    },
    /** A fresh user of `tenant` whose password is GOOD_PASSWORD. */
    async userWithPassword(tenant: string, role = 'user') {
      const { email, token } = await this.invite(tenant, role);
      const res = await api()
        .post('/api/tenants/invitations/accept')
        .send({ token, password: GOOD_PASSWORD });
      if (res.status !== 201) throw new Error(`Accepting: ${res.text}`);
      return { email, id: res.body.id as string };
    },
  };
}
