// A real OpenID Connect provider for the single sign-on tests: oidc-provider (a certified
// implementation, npm), on loopback, configured from a JSON file:
//
//   node tests/oidc/provider.mjs config.json
//
//   {"port": 18401,
//    "clients": [{"client_id": "...", "client_secret": "...", "redirect_uris": [...],
//                 "post_logout_redirect_uris": [...], "token_endpoint_auth_method": "client_secret_basic"}],
//    "accounts": {"alice": {"email": "...", "email_verified": true, "name": "...",
//                           "groups": ["..."], "amr": ["pwd", "mfa"], "acr": "urn:test:loa:high"}}}
//
// Prints "ready <issuer>" once it listens. Its login page asks only for a user name (the
// accounts above); consent is given at once. POST /__test/clock with "offset=<seconds>"
// moves the provider's clock, so a test can let a code expire without waiting.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import querystring from 'node:querystring';

import Provider from 'oidc-provider';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;

const realNow = Date.now;
let clockOffset = 0;
Date.now = () => realNow() + clockOffset * 1000;

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', use: 'sig', alg: 'RS256' };

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>`
  + `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(issuer, {
  clients: config.clients.map((c) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...c,
  })),
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    // acr and amr come from the login (see interaction()) and go into the ID token.
    openid: ['sub', 'acr', 'amr', 'auth_time'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'locale'],
    groups: ['groups'],
  },
  acrValues: ['urn:test:loa:low', 'urn:test:loa:high'],
  pkce: { required: () => true },
  ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Session: 3600, Interaction: 600, Grant: 3600 },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Sign out of the test provider?', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Signed out of the test provider', '<p>You are signed out.</p>');
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (ctx, id) => {
    const account = config.accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      claims: async () => ({ sub: id, ...Object.fromEntries(Object.entries(account).filter(([k]) => !['amr', 'acr'].includes(k))) }),
    };
  },
  loadExistingGrant: async (ctx) => {
    // Every client here is first-party: consent is given without asking.
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Error at the test provider', `<p>${escape(out.error)}: ${escape(out.error_description || '')}</p>`);
  },
});

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(querystring.parse(data)));
    req.on('error', reject);
  });
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const uid = details.uid;
  if (req.method === 'GET') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page('Sign in to the test provider', `<form method="post" action="/interaction/${escape(uid)}">`
      + '<label for="login">Username</label> <input id="login" name="login" autocomplete="off">'
      + ' <button type="submit">Sign in</button></form>'));
    return;
  }
  const body = await readBody(req);
  const account = config.accounts[body.login];
  if (!account) {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.statusCode = 400;
    res.end(page('Unknown user', '<p>No such user at the test provider.</p>'));
    return;
  }
  const login = { accountId: body.login };
  if (account.amr) login.amr = account.amr;
  if (account.acr) login.acr = account.acr;
  await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  try {
    if (req.url.startsWith('/interaction/')) {
      await interaction(req, res);
    } else if (req.url === '/__test/clock' && req.method === 'POST') {
      clockOffset = Number((await readBody(req)).offset || 0);
      res.end(`offset ${clockOffset}`);
    } else {
      callback(req, res);
    }
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err));
  }
});
server.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
