import type { DevInboxMessage } from '../service/InvitationMailer';

/** What the login page shows of an organization. */
export interface Branding {
  /** The tenant name, sent back with each step. */
  tenant: string;
  displayName: string;
  logoUrl?: string;
}

/** What the server knows when it renders the login page. */
export interface LoginPageModel {
  /** The API next to the page, e.g. /api/tenants/auth. */
  apiPath: string;
  /** The product's name (app.title). */
  title: string;
  branding?: Branding;
  /** The pending authorization request and the application it is for. */
  request?: string;
  clientName?: string;
  loginHint?: string;
  /** Shown instead of the steps, e.g. an expired request. */
  problem?: string;
  /** The reset page: the token of the link. */
  resetToken?: string;
  /** The invitation page: the token of the link. */
  invitationToken?: string;
  /** Where the dev inbox is (local development only). */
  devInboxPath?: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or attribute value made safe for HTML. */
export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, char => ESCAPES[char]);

const attribute = (name: string, value: string | undefined) =>
  value === undefined ? '' : ` ${name}="${escapeHtml(value)}"`;

/**
 * The content security policy of the page: its own script and styles,
 * calls to its own origin, images over https (logos), no framing.
 */
export const LOGIN_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

function shell(model: { apiPath: string; title: string }, body: string) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(model.title)}</title>
<link rel="stylesheet" href="${escapeHtml(
    model.apiPath,
  )}/signin/assets/signin.css">
</head>
${body}
</html>
`;
}

/** Every step of the page; the script shows one at a time. */
const STEPS = `<form id="email-form" data-view="email" hidden>
<label>E-mail address<input id="email" type="email" name="email" autocomplete="username" required maxlength="320"></label>
<button type="submit">Continue</button>
</form>
<form id="password-form" data-view="password" hidden>
<p class="subtitle" id="password-email"></p>
<label>Password<input id="password" type="password" name="password" autocomplete="current-password" required maxlength="256"></label>
<button type="submit">Sign in</button>
<button type="button" class="link" id="forgot">Forgot your password?</button>
<button type="button" class="link" data-back>Use another address</button>
</form>
<form id="mfa-form" data-view="mfa" hidden>
<p>Enter the code of your authenticator app, or a recovery code.</p>
<label>Code<input id="code" name="code" autocomplete="one-time-code" inputmode="numeric" required minlength="6" maxlength="32"></label>
<button type="submit">Verify</button>
<button type="button" class="link" id="passkey" hidden>Use a passkey instead</button>
</form>
<form id="enroll-form" data-view="enroll" hidden>
<p>Your organization requires a second factor. Add this key to your authenticator app (or open <a id="totp-uri" href="#">this link</a> on your phone), then enter its code.</p>
<p><code id="totp-secret"></code></p>
<label>Code<input id="enroll-code" name="code" autocomplete="one-time-code" inputmode="numeric" required pattern="[0-9]{6}" maxlength="6"></label>
<button type="submit">Confirm</button>
</form>
<section data-view="recovery" hidden>
<p>Keep these recovery codes somewhere safe. Each signs you in once if you lose your authenticator. They are shown only now.</p>
<ul id="recovery-codes" class="codes"></ul>
<button type="button" id="recovery-continue">Continue</button>
</section>
<form id="reset-request-form" data-view="reset-request" hidden>
<p>We will send a link to set a new password.</p>
<label>E-mail address<input id="reset-email" type="email" name="email" autocomplete="username" required maxlength="320"></label>
<button type="submit">Send the link</button>
<button type="button" class="link" data-back>Back to sign-in</button>
</form>
<section data-view="reset-sent" hidden>
<p class="notice">If an account exists for that address, a link to set a new password is on its way. It works once and expires soon.</p>
<button type="button" class="link" data-back>Back to sign-in</button>
</section>
<form id="reset-form" data-view="reset" hidden>
<label>New password<input id="new-password" type="password" autocomplete="new-password" required maxlength="256"></label>
<label>The same again<input id="new-password-again" type="password" autocomplete="new-password" required maxlength="256"></label>
<button type="submit">Set the password</button>
</form>
<section data-view="reset-done" hidden>
<p class="notice">Your password is set, and every session you had has ended.</p>
<button type="button" class="link" data-back>Sign in</button>
</section>
<form id="invitation-form" data-view="invitation" hidden>
<p>Accept the invitation: choose the password you will sign in with.</p>
<label>Your name (optional)<input id="invitation-name" autocomplete="name" maxlength="200"></label>
<label>Password<input id="invitation-password" type="password" autocomplete="new-password" required maxlength="256"></label>
<label>The same again<input id="invitation-password-again" type="password" autocomplete="new-password" required maxlength="256"></label>
<button type="submit">Join</button>
</form>
<section data-view="invitation-done" hidden>
<p class="notice">You joined <strong id="joined-tenant"></strong>. Sign in with your e-mail address and the new password.</p>
<button type="button" id="invitation-sign-in">Sign in</button>
</section>
<section data-view="signed-in" hidden>
<p class="notice">Signed in as <strong id="signed-in-as"></strong>.</p>
<button type="button" id="sign-out">Sign out</button>
</section>`;

/** The login page: every step's markup; the script shows one at a time. */
export function renderLoginPage(model: LoginPageModel): string {
  const { branding } = model;
  const heading = branding
    ? `Sign in to ${branding.displayName}`
    : `Sign in to ${model.title}`;
  const logo = branding?.logoUrl
    ? `<img src="${escapeHtml(branding.logoUrl)}" alt="${escapeHtml(
        branding.displayName,
      )}">`
    : '';
  const subtitle = model.clientName
    ? `<p class="subtitle">to continue to ${escapeHtml(model.clientName)}</p>`
    : '';
  const steps = model.problem
    ? `<p class="error" role="alert">${escapeHtml(model.problem)}</p>`
    : STEPS;
  const inbox = model.devInboxPath
    ? `<p class="hint">Local development: mails are in the <a href="${escapeHtml(
        model.devInboxPath,
      )}">dev inbox</a>.</p>`
    : '';
  return shell(
    model,
    `<body${attribute('data-api', model.apiPath)}${attribute(
      'data-request',
      model.request,
    )}${attribute('data-tenant', branding?.tenant)}${attribute(
      'data-login-hint',
      model.loginHint,
    )}${attribute('data-reset-token', model.resetToken)}${attribute(
      'data-invitation-token',
      model.invitationToken,
    )}>
<main>
<header>${logo}<h1>${escapeHtml(heading)}</h1>${subtitle}</header>
<p id="error" class="error" role="alert" hidden></p>
${steps}
${inbox}
</main>
${
  model.problem
    ? ''
    : `<script src="${escapeHtml(
        model.apiPath,
      )}/signin/assets/signin.js"></script>`
}
</body>`,
  );
}

/** The local dev inbox: the mails the log mailer sent, newest first. */
export function renderDevInbox(
  model: { apiPath: string; title: string },
  messages: DevInboxMessage[],
): string {
  const rows = messages
    .map(
      message =>
        `<tr><td>${escapeHtml(message.sentAt)}</td><td>${escapeHtml(
          message.to,
        )}</td><td>${escapeHtml(
          message.kind === 'invitation' ? 'Invitation' : 'Password reset',
        )} (${escapeHtml(message.tenant)})</td><td><a href="${escapeHtml(
          message.link,
        )}">Open the link</a></td></tr>`,
    )
    .join('\n');
  return shell(
    model,
    `<body>
<main>
<header><h1>Dev inbox</h1><p class="subtitle">Mails of this backend since it started (local development only).</p></header>
${
  messages.length
    ? `<table><thead><tr><th>Sent</th><th>To</th><th>What</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p>No mail yet.</p>'
}
</main>
</body>`,
  );
}
