// Sending a comment without leaving the article: the answer the server gives the plain form (its notice, or its
// error) is shown above the form, which is then emptied, and the reader is taken to it. Without this script the
// form still posts and the notice comes as a page of its own.
(function () {
  var form = document.getElementById('gui-y-kien');
  if (!form || !window.fetch || !window.DOMParser || !window.FormData) return;
  var shown = null;

  function show(node) {
    if (shown) shown.remove();
    node.setAttribute('tabindex', '-1');
    form.parentNode.insertBefore(node, form);
    shown = node;
    node.scrollIntoView({ block: 'center' });
    node.focus({ preventScroll: true });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin',
    })
      .then(function (response) {
        return response.text().then(function (text) {
          var page = new DOMParser().parseFromString(text, 'text/html');
          if (response.ok) {
            var notice = page.getElementById('y-kien-da-gui');
            if (!notice) throw new Error('no notice');
            show(document.importNode(notice, true));
            form.querySelector('textarea[name="body"]').value = '';
            return;
          }
          var error = page.querySelector('main .form-error, main .error-message');
          if (!error) throw new Error('no message');
          var message = document.createElement('p');
          message.className = 'form-error';
          message.setAttribute('role', 'alert');
          message.textContent = error.textContent;
          show(message);
        });
      })
      .catch(function () {
        // Anything unexpected: the plain form does it the way it works without scripts.
        form.submit();
      })
      .finally(function () {
        button.disabled = false;
      });
  });
})();
