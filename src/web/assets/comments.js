// Sending a comment without reloading the article: the server answers the plain form with a redirect back to the
// article, which says what happened above its form (fetch follows it), or with the form again and its error. That
// part is shown above this form, which is then emptied, and the reader is taken to it; the list of the reader's
// own comments, where the new one can be changed, is taken from that page too. Without this script the
// browser follows the same redirect and the reloaded article shows the same notice.
(function () {
  var form = document.getElementById('gui-y-kien');
  if (!form || !window.fetch || !window.DOMParser || !window.FormData) return;
  var shown = document.getElementById('y-kien-da-gui');

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
            var own = page.querySelector('.own-comments');
            var shownOwn = document.querySelector('.own-comments');
            if (own) {
              own = document.importNode(own, true);
              if (shownOwn) shownOwn.replaceWith(own);
              else form.parentNode.insertBefore(own, shown || form);
            }
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
