/**
 * The browser side of the passkey form, served by the library at `{basePath}/webauthn-script.js`
 * (Auth.js loads `@simplewebauthn/browser` from a CDN; this page loads nothing remote). It reads
 * the options URL from the form's `data-*` attributes, calls `navigator.credentials`, and posts
 * `action` and `data` (the credential as JSON, in `@simplewebauthn/browser` v9's format) back.
 */
export const WEBAUTHN_SCRIPT = String.raw`"use strict";
(function () {
  var fromB64u = function (text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    var bin = atob(b64 + "===".slice((b64.length + 3) % 4));
    return Uint8Array.from(bin, function (c) { return c.charCodeAt(0); }).buffer;
  };
  var toB64u = function (buffer) {
    var bin = "";
    new Uint8Array(buffer).forEach(function (b) { bin += String.fromCharCode(b); });
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  var descriptors = function (list) {
    return (list || []).map(function (d) { return Object.assign({}, d, { id: fromB64u(d.id) }); });
  };
  // One WebAuthn call at a time: the autofill request is aborted before a button's request, and an
  // answer to a superseded request is dropped (the challenge cookie now belongs to the newer one).
  var pending = null;
  var generation = 0;
  var abortPending = function () { if (pending) pending.abort(); pending = null; return ++generation; };

  function fields(form) { return Array.prototype.slice.call(form.querySelectorAll("input[data-form-field]")); }

  function say(form, text) {
    var status = form.querySelector("[data-webauthn-status]");
    if (status) { status.textContent = text; status.hidden = !text; }
  }

  async function fetchOptions(form, action) {
    var url = new URL(form.getAttribute("data-options-url"), location.href);
    if (action) url.searchParams.set("action", action);
    fields(form).forEach(function (input) { if (input.value) url.searchParams.set(input.name, input.value); });
    var res = await fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } });
    return res.ok ? res.json() : null;
  }

  function submit(form, action, credential) {
    var put = function (name, value) {
      var input = form.querySelector('input[type="hidden"][name="' + name + '"]') || document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = value; form.appendChild(input);
    };
    put("action", action);
    put("data", JSON.stringify(credential));
    form.submit();
  }

  function common(cred) {
    return {
      id: cred.id, rawId: toB64u(cred.rawId), type: cred.type,
      clientExtensionResults: cred.getClientExtensionResults(),
      authenticatorAttachment: cred.authenticatorAttachment || undefined,
    };
  }

  async function authenticate(form, options, autofill) {
    var publicKey = Object.assign({}, options, {
      challenge: fromB64u(options.challenge), allowCredentials: descriptors(options.allowCredentials),
    });
    var mine = abortPending();
    pending = new AbortController();
    var request = { publicKey: publicKey, signal: pending.signal };
    if (autofill) request.mediation = "conditional";
    var cred = await navigator.credentials.get(request);
    if (!cred || mine !== generation) return;
    var r = cred.response;
    submit(form, "authenticate", Object.assign(common(cred), { response: {
      authenticatorData: toB64u(r.authenticatorData), clientDataJSON: toB64u(r.clientDataJSON),
      signature: toB64u(r.signature), userHandle: r.userHandle ? new TextDecoder().decode(r.userHandle) : undefined,
    } }));
  }

  async function register(form, options) {
    var publicKey = Object.assign({}, options, {
      challenge: fromB64u(options.challenge),
      user: Object.assign({}, options.user, { id: new TextEncoder().encode(options.user.id) }),
      excludeCredentials: descriptors(options.excludeCredentials),
    });
    var mine = abortPending();
    var cred = await navigator.credentials.create({ publicKey: publicKey });
    if (!cred || mine !== generation) return;
    var r = cred.response;
    submit(form, "register", Object.assign(common(cred), { response: {
      clientDataJSON: toB64u(r.clientDataJSON), attestationObject: toB64u(r.attestationObject),
      transports: typeof r.getTransports === "function" ? r.getTransports() : undefined,
    } }));
  }

  async function run(form, action) {
    say(form, "");
    var missing = fields(form).filter(function (input) { return input.required && !input.value; });
    if (action === "register" && missing.length) { say(form, "Enter your email address to create a passkey."); return; }
    var res = await fetchOptions(form, action);
    if (!res) { say(form, action === "register" ? "A passkey cannot be created for this address." : "Passkey sign-in is unavailable."); return; }
    if (res.action === "register") await register(form, res.options);
    else await authenticate(form, res.options, false);
  }

  function setup(form) {
    if (!window.PublicKeyCredential) { form.hidden = true; return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var submitter = event.submitter;
      var action = submitter ? submitter.getAttribute("data-webauthn-action") || undefined : undefined;
      run(form, action).catch(function (error) {
        if (error && error.name === "AbortError") return;
        console.warn("passkey:", error && error.name, error && error.message);
        say(form, "The passkey request was cancelled or failed. Try again.");
      });
    });
    if (form.getAttribute("data-conditional") !== "true") return;
    var check = PublicKeyCredential.isConditionalMediationAvailable;
    Promise.resolve(check ? check.call(PublicKeyCredential) : false).then(async function (available) {
      if (!available) return;
      var res = await fetchOptions(form, "authenticate");
      if (res) await authenticate(form, res.options, true);
    }).catch(function (error) {
      // Aborted by a button, or no passkey for this site: both are normal.
      if (error && error.name !== "AbortError" && error.name !== "NotAllowedError") console.warn("passkey autofill:", error.name, error.message);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-webauthn-provider]"), setup);
})();
`
