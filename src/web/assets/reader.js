// The reader's text size and contrast (cookies set by /hien-thi) as classes on <html>, before the page is drawn.
// Pages are cached and shared by every guest, so the choice cannot be written into them: this reads it here.
(function () {
  var cookie = document.cookie;
  var root = document.documentElement;
  var size = /(?:^|;\s*)co-chu=(nho|lon|rat-lon)(?:;|$)/.exec(cookie);
  if (size) root.classList.add('co-chu-' + size[1]);
  if (/(?:^|;\s*)tuong-phan=cao(?:;|$)/.test(cookie)) root.classList.add('tuong-phan-cao');
})();
