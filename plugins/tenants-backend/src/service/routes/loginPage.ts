import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { Request, Response } from 'express';
import { LoginPage } from '../../signin/LoginPage';
import {
  LOGIN_PAGE_CSP,
  renderDevInbox,
  renderLoginPage,
} from '../../signin/loginPageHtml';
import { normalizeEmail } from '../TenantsContext';
import type { TenantsRouteDeps, TenantsRouter } from '../router';

/** The API next to the page, from where this router is mounted. */
const apiPathOf = (req: Request) => `${req.baseUrl}/auth`;

/** An HTML answer with the page's own policy; never cached, never framed. */
function sendPage(res: Response, html: string) {
  res.setHeader('Content-Security-Policy', LOGIN_PAGE_CSP);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  res.type('html').send(html);
}

/**
 * The universal login page (no portal account needed): sign-in, second
 * factor, enrolment, password reset, and the local dev inbox.
 */
export function loginPageRoutes(router: TenantsRouter, deps: TenantsRouteDeps) {
  const pageOf = (): LoginPage => {
    if (!deps.loginPage) {
      throw new ServiceUnavailableError(
        'Tenant sign-in is off: tenants.secretKey is not configured',
      );
    }
    return deps.loginPage;
  };
  const inboxPath = (req: Request) =>
    deps.devInbox ? `${apiPathOf(req)}/dev-inbox` : undefined;

  router.get('/auth/signin', async (req, res) => {
    const model = await pageOf().model(apiPathOf(req), {
      request: req.query.request,
      tenant: req.query.tenant,
    });
    sendPage(res, renderLoginPage({ ...model, devInboxPath: inboxPath(req) }));
  });

  router.get('/auth/signin/reset', async (req, res) => {
    const model = await pageOf().model(apiPathOf(req), {
      tenant: req.query.tenant,
    });
    sendPage(res, renderLoginPage({ ...model, resetToken: req.query.token }));
  });

  router.get('/auth/signin/invitation', async (req, res) => {
    const model = await pageOf().model(apiPathOf(req), {});
    sendPage(
      res,
      renderLoginPage({ ...model, invitationToken: req.query.token }),
    );
  });

  router.get('/auth/signin/assets/:file', async (req, res) => {
    const asset = await pageOf().asset(req.params.file);
    if (!asset) throw new NotFoundError(`No file ${req.params.file}`);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type(asset.type).send(asset.body);
  });

  router.post('/auth/signin/discover', async (req, res) => {
    res.json(
      await pageOf().discover(normalizeEmail(req.body.email), req.body.tenant),
    );
  });

  router.get('/auth/dev-inbox', async (req, res) => {
    if (!deps.devInbox) {
      throw new NotFoundError('The dev inbox exists in local development only');
    }
    const model = await pageOf().model(apiPathOf(req), {});
    sendPage(res, renderDevInbox(model, deps.devInbox()));
  });
}
