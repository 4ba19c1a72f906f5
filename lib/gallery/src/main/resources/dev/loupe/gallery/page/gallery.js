// Progressive enhancement: without this script each thumbnail is a plain link to its full image.
(function () {
  var links = Array.prototype.slice.call(document.querySelectorAll('a.thumb'));
  var box = document.getElementById('lightbox');
  var img = document.getElementById('lightbox-image');
  var caption = document.getElementById('lightbox-caption');
  var opener = null;
  if (!links.length || !box) return;

  function show(i) {
    i = (i + links.length) % links.length;
    var link = links[i];
    img.src = link.href;
    img.alt = link.querySelector('img').alt;
    caption.textContent = link.getAttribute('data-caption');
    box.setAttribute('data-index', String(i));
    // Preload the neighbours so prev/next feel instant.
    new Image().src = links[(i + 1) % links.length].href;
  }
  function open(i, from) {
    opener = from;
    show(i);
    box.hidden = false;
    document.getElementById('lightbox-close').focus();
  }
  function close() {
    box.hidden = true;
    box.setAttribute('data-index', '-1');
    img.removeAttribute('src');
    if (opener) opener.focus();
  }
  function current() { return parseInt(box.getAttribute('data-index'), 10); }

  links.forEach(function (link, i) {
    link.addEventListener('click', function (e) {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return; // keep "open in new tab"
      e.preventDefault();
      open(i, link);
    });
  });
  document.getElementById('lightbox-prev').addEventListener('click', function () { show(current() - 1); });
  document.getElementById('lightbox-next').addEventListener('click', function () { show(current() + 1); });
  document.getElementById('lightbox-close').addEventListener('click', close);
  box.addEventListener('click', function (e) { if (e.target === box) close(); });
  document.addEventListener('keydown', function (e) {
    if (box.hidden) return;
    if (e.key === 'Escape') { close(); e.preventDefault(); }
    else if (e.key === 'ArrowLeft') { show(current() - 1); e.preventDefault(); }
    else if (e.key === 'ArrowRight') { show(current() + 1); e.preventDefault(); }
  });
})();
