// Visitor statistics (src/stats): counts this page view with one request after the page has loaded, so pages
// served from any cache still count, and fills in the figures the page shows from the answer.
(function () {
  var views = document.querySelector('[data-article-views]');
  var body = new URLSearchParams();
  if (views) body.set('articleId', views.getAttribute('data-article-views'));
  fetch('/thong-ke/ghi', { method: 'POST', body: body, keepalive: true, credentials: 'omit' })
    .then(function (r) {
      return r.status === 200 ? r.json() : null;
    })
    .then(function (figures) {
      if (!figures) return;
      var format = new Intl.NumberFormat('vi-VN');
      document.querySelectorAll('[data-thong-ke]').forEach(function (el) {
        var value = figures[el.getAttribute('data-thong-ke')];
        if (typeof value === 'number') el.textContent = format.format(value);
      });
      if (views && typeof figures.views === 'number') views.hidden = false;
    })
    .catch(function () {});
})();
