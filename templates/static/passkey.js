// Passkey ceremonies for the sign-in and security pages. The server prepares the WebAuthn
// options (in the form's data-passkey-options attribute); the browser's own JSON helpers (parse*OptionsFromJSON, credential.toJSON) turn
// them into a call and the answer back into JSON, so no encoding is done by hand here.
(function () {
  'use strict';

  function readOptions(form) {
    return JSON.parse(form.getAttribute('data-passkey-options'));
  }

  // The words are the page's, in its language: data-unsupported, data-prompt, data-failed.
  function say(form, which) {
    var status = form.querySelector('[data-passkey-status]');
    if (status) status.textContent = status.getAttribute('data-' + which) || '';
  }

  async function ceremony(form) {
    var kind = form.getAttribute('data-passkey');
    var options = readOptions(form);
    var credential =
      kind === 'register'
        ? await navigator.credentials.create({
            publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options),
          })
        : await navigator.credentials.get({
            publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options),
          });
    form.querySelector('input[name="passkeyResponse"]').value = JSON.stringify(credential.toJSON());
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute('data-passkey')) return;
    if (form.querySelector('input[name="passkeyResponse"]').value) return;
    event.preventDefault();
    if (!window.PublicKeyCredential || !PublicKeyCredential.parseRequestOptionsFromJSON) {
      say(form, 'unsupported');
      return;
    }
    say(form, 'prompt');
    ceremony(form).then(
      function () {
        form.submit();
      },
      function () {
        say(form, 'failed');
      },
    );
  });
})();
