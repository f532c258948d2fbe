// The browser side of the WebAuthn ceremonies for passkeys: adding one (profile page) and
// answering the second sign-in step with one. The server keeps each ceremony's challenge in the
// session; this script only carries options and answers, with the page's CSRF token.

const bytes = (base64url) => {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
};
const text = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
  .replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');

function csrfHeaders() {
  const header = document.querySelector('meta[name="csrf-header"]');
  const token = document.querySelector('meta[name="csrf-token"]');
  return header && token ? { [header.content]: token.content } : {};
}

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...csrfHeaders() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { ok: response.ok, body: await response.json().catch(() => ({})) };
}

function showError(message) {
  const error = document.getElementById('passkey-error');
  if (error) {
    error.textContent = message;
    error.hidden = false;
  }
}

async function addPasskey() {
  const label = document.getElementById('passkey-label').value.trim();
  if (!label) {
    showError('Enter a name for the passkey');
    return;
  }
  const options = await post('/profile/passkeys/options');
  if (!options.ok) {
    showError('The passkey could not be added. Try again.');
    return;
  }
  const o = options.body;
  let created;
  try {
    created = await navigator.credentials.create({
      publicKey: {
        ...o,
        user: { ...o.user, id: bytes(o.user.id) },
        challenge: bytes(o.challenge),
        excludeCredentials: (o.excludeCredentials || []).map((c) => ({ ...c, id: bytes(c.id) })),
      },
    });
  } catch (e) {
    showError('Your device did not create a passkey.');
    return;
  }
  const credential = {
    id: created.id,
    rawId: text(created.rawId),
    response: {
      attestationObject: text(created.response.attestationObject),
      clientDataJSON: text(created.response.clientDataJSON),
      transports: created.response.getTransports ? created.response.getTransports() : [],
    },
    type: created.type,
    clientExtensionResults: created.getClientExtensionResults(),
    authenticatorAttachment: created.authenticatorAttachment,
  };
  const result = await post('/profile/passkeys', { publicKey: { credential, label } });
  if (result.ok && result.body.success) {
    window.location.reload();
  } else {
    showError('The passkey could not be verified. Try again.');
  }
}

async function usePasskey() {
  const options = await post('/sign-in/passkey/options');
  if (!options.ok) {
    window.location.href = '/sign-in?error';
    return;
  }
  const o = options.body;
  let assertion;
  try {
    assertion = await navigator.credentials.get({
      publicKey: {
        ...o,
        challenge: bytes(o.challenge),
        allowCredentials: (o.allowCredentials || []).map((c) => ({ ...c, id: bytes(c.id) })),
      },
    });
  } catch (e) {
    showError('Your device did not give a passkey. Enter the code from your authenticator app instead.');
    return;
  }
  const r = assertion.response;
  const result = await post('/sign-in/passkey', {
    id: assertion.id,
    rawId: text(assertion.rawId),
    response: {
      authenticatorData: text(r.authenticatorData),
      clientDataJSON: text(r.clientDataJSON),
      signature: text(r.signature),
      userHandle: r.userHandle ? text(r.userHandle) : undefined,
    },
    credType: assertion.type,
    clientExtensionResults: assertion.getClientExtensionResults(),
    authenticatorAttachment: assertion.authenticatorAttachment,
  });
  window.location.href = result.body.redirectUrl || '/sign-in?error';
}

document.getElementById('add-passkey')?.addEventListener('click', addPasskey);
document.getElementById('use-passkey')?.addEventListener('click', usePasskey);
