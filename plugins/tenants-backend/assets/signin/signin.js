// The universal login page of tenant sign-in. Plain browser JavaScript
// (no build step): the page's content security policy allows scripts of
// its own origin only. Every step calls the JSON API next to it; with a
// pending authorization request the API answers where to go next, so the
// tokens reach the application and never this page.
(() => {
  const root = document.body;
  const api = root.dataset.api; // e.g. /api/tenants/auth
  const request = root.dataset.request || undefined;
  const tenant = root.dataset.tenant || undefined;
  const state = { email: '', mfaToken: '', methods: [] };
  let session = null;

  const $ = id => document.getElementById(id);

  const fail = message => {
    const error = $('error');
    error.textContent = message;
    error.hidden = false;
  };

  const show = view => {
    for (const element of document.querySelectorAll('[data-view]')) {
      element.hidden = element.dataset.view !== view;
    }
    $('error').hidden = true;
    const focus = document.querySelector(`[data-view="${view}"] input`);
    if (focus) focus.focus();
  };

  const call = async (method, path, body, bearer) => {
    const headers = { 'Content-Type': 'application/json' };
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    const res = await fetch(api + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : {};
    if (!res.ok) {
      let message =
        data.error?.message ||
        data.error_description ||
        `Something went wrong (${res.status})`;
      const wait = res.status === 429 && res.headers.get('Retry-After');
      if (wait) message += ` (try again in ${wait} s)`;
      throw new Error(message);
    }
    return data;
  };

  /** Runs a form's step with its button disabled; errors are shown. */
  const onSubmit = (form, step) => {
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      try {
        await step();
      } catch (error) {
        fail(error.message);
      } finally {
        button.disabled = false;
      }
    });
  };

  const signedIn = tokens => {
    session = tokens;
    const { user } = tokens;
    $('signed-in-as').textContent = user
      ? `${user.name} (${user.tenant}, ${user.role})`
      : 'you';
    show('signed-in');
  };

  const beginEnrolment = async () => {
    const secret = await call('POST', '/mfa/totp/setup', {
      mfa_token: state.mfaToken,
    });
    $('totp-secret').textContent = secret.secret;
    $('totp-uri').href = secret.otpauth_url;
    show('enroll');
  };

  /** What a completed sign-in step answered: go on, or signed in here. */
  const finish = async answer => {
    if (answer.redirect_to && !answer.recovery_codes) {
      window.location.assign(answer.redirect_to);
    } else if (answer.mfa_required) {
      state.mfaToken = answer.mfa_token;
      state.methods = answer.methods || [];
      if (answer.enrollment_required) {
        await beginEnrolment();
        return;
      }
      $('passkey').hidden = !state.methods.includes('webauthn');
      show('mfa');
    } else if (answer.recovery_codes) {
      const list = $('recovery-codes');
      list.textContent = '';
      for (const code of answer.recovery_codes) {
        const item = document.createElement('li');
        item.textContent = code;
        list.appendChild(item);
      }
      const { recovery_codes: _shown, ...rest } = answer;
      $('recovery-continue').onclick = () => finish(rest);
      show('recovery');
    } else if (answer.access_token) {
      signedIn(answer);
    }
  };

  // ------------------------------------------------------------ the steps

  onSubmit($('email-form'), async () => {
    state.email = $('email').value.trim();
    const found = await call('POST', '/signin/discover', {
      email: state.email,
      tenant,
    });
    if (found.sso) {
      // A navigation, not a fetch: the SSO start sets its cookie.
      const params = new URLSearchParams({ tenant: found.tenant });
      if (request) params.set('request', request);
      window.location.assign(`${api}/sso/start?${params}`);
      return;
    }
    $('password-email').textContent = state.email;
    show('password');
  });

  onSubmit($('password-form'), async () => {
    const answer = await call('POST', '/login', {
      email: state.email,
      password: $('password').value,
      tenant,
      authorization_request: request,
    });
    $('password').value = '';
    await finish(answer);
  });

  onSubmit($('mfa-form'), async () => {
    const answer = await call('POST', '/mfa/verify', {
      mfa_token: state.mfaToken,
      code: $('code').value.trim(),
      authorization_request: request,
    });
    $('code').value = '';
    await finish(answer);
  });

  onSubmit($('enroll-form'), async () => {
    const answer = await call('POST', '/mfa/totp/confirm', {
      mfa_token: state.mfaToken,
      code: $('enroll-code').value.trim(),
      authorization_request: request,
    });
    await finish(answer);
  });

  // WebAuthn: base64url in the JSON, ArrayBuffers in the browser's API.
  const fromBase64url = value => {
    const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '==='.slice((base64.length + 3) % 4));
    return Uint8Array.from(binary, char => char.charCodeAt(0)).buffer;
  };
  const toBase64url = buffer =>
    btoa(String.fromCharCode(...new Uint8Array(buffer)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');

  $('passkey').addEventListener('click', async () => {
    try {
      const options = await call('POST', '/mfa/webauthn/authenticate/options', {
        mfa_token: state.mfaToken,
      });
      const credential = await navigator.credentials.get({
        publicKey: {
          ...options,
          challenge: fromBase64url(options.challenge),
          allowCredentials: (options.allowCredentials || []).map(allowed => ({
            ...allowed,
            id: fromBase64url(allowed.id),
          })),
        },
      });
      const { response } = credential;
      const answer = await call('POST', '/mfa/webauthn/authenticate', {
        mfa_token: state.mfaToken,
        authorization_request: request,
        response: {
          id: credential.id,
          rawId: toBase64url(credential.rawId),
          type: credential.type,
          clientExtensionResults: credential.getClientExtensionResults(),
          response: {
            clientDataJSON: toBase64url(response.clientDataJSON),
            authenticatorData: toBase64url(response.authenticatorData),
            signature: toBase64url(response.signature),
            userHandle: response.userHandle
              ? toBase64url(response.userHandle)
              : undefined,
          },
        },
      });
      await finish(answer);
    } catch (error) {
      fail(error.message);
    }
  });

  // --------------------------------------------------- reset and sign-out

  $('forgot').addEventListener('click', () => {
    $('reset-email').value = state.email;
    show('reset-request');
  });

  onSubmit($('reset-request-form'), async () => {
    await call('POST', '/password/reset-request', {
      email: $('reset-email').value.trim(),
      tenant,
    });
    show('reset-sent');
  });

  onSubmit($('reset-form'), async () => {
    const password = $('new-password').value;
    if (password !== $('new-password-again').value) {
      throw new Error('The two passwords differ');
    }
    await call('POST', '/password/reset', {
      token: root.dataset.resetToken,
      newPassword: password,
    });
    show('reset-done');
  });

  onSubmit($('invitation-form'), async () => {
    const password = $('invitation-password').value;
    if (password !== $('invitation-password-again').value) {
      throw new Error('The two passwords differ');
    }
    const name = $('invitation-name').value.trim();
    // The invitation API sits next to this page's API.
    const res = await fetch(
      `${api.replace(/\/auth$/, '')}/invitations/accept`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          token: root.dataset.invitationToken,
          password,
          ...(name ? { displayName: name } : {}),
        }),
      },
    );
    const joined = await res.json();
    if (!res.ok) {
      throw new Error(
        res.status === 410
          ? 'This invitation was already used, revoked or has expired: ask for a new one'
          : joined.error?.message ?? `Something went wrong (${res.status})`,
      );
    }
    state.email = joined.email;
    $('joined-tenant').textContent = `${joined.tenant} as ${joined.role}`;
    show('invitation-done');
  });

  $('invitation-sign-in').addEventListener('click', () => {
    $('email').value = state.email;
    show('email');
  });

  $('sign-out').addEventListener('click', async () => {
    // The session may have ended already: signed out either way.
    await call('POST', '/logout', undefined, session?.access_token).catch(
      () => undefined,
    );
    session = null;
    show('email');
  });

  for (const back of document.querySelectorAll('[data-back]')) {
    back.addEventListener('click', () => show('email'));
  }

  // ------------------------------------------------------------- start

  /** An SSO sign-in started here came back with the page's own code. */
  const redeemPageCode = async code => {
    window.history.replaceState(null, '', window.location.pathname);
    const res = await fetch(`${api}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: 'signin-page',
        redirect_uri: window.location.origin + window.location.pathname,
        code,
      }).toString(),
    });
    const tokens = await res.json();
    if (tokens.error) throw new Error(tokens.error_description);
    const user = await call('GET', '/userinfo', undefined, tokens.access_token);
    signedIn({ access_token: tokens.access_token, user });
  };

  const start = async () => {
    const code = new URLSearchParams(window.location.search).get('code');
    if (root.dataset.resetToken) {
      show('reset');
    } else if (root.dataset.invitationToken) {
      show('invitation');
    } else if (code) {
      await redeemPageCode(code);
    } else {
      if (root.dataset.loginHint) $('email').value = root.dataset.loginHint;
      show('email');
    }
  };

  start().catch(error => {
    show('email');
    fail(error.message);
  });
})();
