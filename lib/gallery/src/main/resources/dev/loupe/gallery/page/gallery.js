// Progressive enhancement: without this script each thumbnail is a plain link to its full image.
(function () {
  var links = Array.prototype.slice.call(document.querySelectorAll('a.thumb'));
  var box = document.getElementById('lightbox');
  var img = document.getElementById('lightbox-image');
  var avif = document.getElementById('lightbox-avif');
  var webp = document.getElementById('lightbox-webp');
  var caption = document.getElementById('lightbox-caption');
  var opener = null;
  var status = document.getElementById('copied');
  var statusTimer = 0;

  // Copies a link and says so where everyone sees it (and a screen reader hears it: a polite live region).
  function copy(text, button) {
    function done(ok) {
      status.textContent = ok ? 'Link copied' : 'Copy this link: ' + text;
      button.textContent = ok ? 'Copied \u2713' : 'Copy link';
      clearTimeout(statusTimer);
      statusTimer = setTimeout(function () { status.textContent = ''; button.textContent = 'Copy link'; }, 2500);
    }
    function fallback() {
      var t = document.createElement('textarea');
      t.value = text;
      t.setAttribute('readonly', '');
      t.style.position = 'fixed';
      t.style.opacity = '0';
      document.body.appendChild(t);
      t.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(t);
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }
  // The page's link, without a view token (whoever gets it is asked for the password) or a fragment.
  function pageLink() {
    var url = new URL(window.location.href);
    url.searchParams.delete('vt');
    url.hash = '';
    return url.toString();
  }
  var share = document.getElementById('share');
  if (share) {
    share.hidden = false;
    share.addEventListener('click', function () { copy(pageLink(), share); });
  }
  if (!links.length || !box) return;
  var download = document.getElementById('lightbox-download');

  // The grid's placeholders drop away once their image is there (a transparent image shows no blur behind it).
  Array.prototype.forEach.call(document.querySelectorAll('img.ph'), function (image) {
    if (image.complete) image.classList.add('loaded');
    else image.addEventListener('load', function () { image.classList.add('loaded'); });
  });

  // The size the lightbox shows an image at (its figure's padding, its caption's room), in CSS pixels: the
  // lightbox's sizes, so that the browser fetches the rendition that fits the screen, not the original.
  // On a phone (as gallery.css's breakpoint) the image takes the whole width.
  function fit(thumb) {
    var w = parseInt(thumb.getAttribute('width'), 10) || 1, h = parseInt(thumb.getAttribute('height'), 10) || 1;
    var phone = window.innerWidth < 600;
    var width = Math.max(1, Math.min(window.innerWidth - (phone ? 0 : 128),
        (window.innerHeight - (phone ? 150 : 140)) * w / h));
    return { width: Math.round(width), height: Math.round(width * h / w) };
  }
  // Copies a grid item's renditions into a picture (the lightbox's, or a detached one that preloads).
  function fill(a, w, image, link) {
    var thumb = link.querySelector('img');
    var sources = link.querySelectorAll('source');
    var size = fit(thumb);
    a.srcset = ''; w.srcset = '';
    for (var k = 0; k < sources.length; k++) {
      if (sources[k].type === 'image/avif') a.srcset = sources[k].srcset;
      if (sources[k].type === 'image/webp') w.srcset = sources[k].srcset;
    }
    a.sizes = w.sizes = image.sizes = size.width + 'px';
    image.srcset = thumb.srcset || '';
    // Without renditions, the original; with them, src only matters where srcset is not read.
    image.src = thumb.srcset ? thumb.src : link.href;
    return size;
  }
  function preload(link) {
    var p = document.createElement('picture'), a = document.createElement('source'),
        w = document.createElement('source'), image = new Image();
    a.type = 'image/avif'; w.type = 'image/webp';
    p.appendChild(a); p.appendChild(w); p.appendChild(image);
    fill(a, w, image, link);
  }

  img.addEventListener('load', function () { img.classList.add('loaded'); });

  function show(i) {
    i = (i + links.length) % links.length;
    var link = links[i];
    var thumb = link.querySelector('img');
    var size = fill(avif, webp, img, link);
    // The placeholder fills the image's box until the rendition paints over it.
    img.className = thumb.className.replace('loaded', '');
    img.style.width = size.width + 'px';
    img.style.height = size.height + 'px';
    img.alt = thumb.alt;
    caption.textContent = link.getAttribute('data-caption');
    box.setAttribute('data-index', String(i));
    if (download) {
      var original = link.getAttribute('data-original');
      download.hidden = !original;
      if (original) download.href = original; else download.removeAttribute('href');
    }
    // Preload the next one so "next" feels instant.
    preload(links[(i + 1) % links.length]);
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
    avif.removeAttribute('srcset');
    webp.removeAttribute('srcset');
    img.removeAttribute('srcset');
    img.removeAttribute('src');
    if (opener) opener.focus();
  }
  function current() { return parseInt(box.getAttribute('data-index'), 10); }
  var boxShare = document.getElementById('lightbox-share');
  boxShare.addEventListener('click', function () { copy(pageLink() + '#photo-' + (current() + 1), boxShare); });

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
  // Swipe left or right to move; not while the visitor has pinched in (then a swipe pans the zoomed image).
  var touchX = null, touchY = 0;
  box.addEventListener('touchstart', function (e) {
    touchX = e.touches.length === 1 ? e.touches[0].clientX : null;
    if (touchX !== null) touchY = e.touches[0].clientY;
  }, { passive: true });
  box.addEventListener('touchend', function (e) {
    if (touchX === null || e.changedTouches.length !== 1) return;
    var dx = e.changedTouches[0].clientX - touchX, dy = e.changedTouches[0].clientY - touchY;
    touchX = null;
    if (window.visualViewport && window.visualViewport.scale > 1.01) return;
    if (Math.abs(dx) > 50 && Math.abs(dx) > 1.5 * Math.abs(dy)) show(current() + (dx < 0 ? 1 : -1));
  }, { passive: true });
  // A link to one photo (the lightbox's "Copy link") opens it.
  var wanted = /^#photo-(\d+)$/.exec(window.location.hash);
  if (wanted && +wanted[1] >= 1 && +wanted[1] <= links.length) open(+wanted[1] - 1, links[+wanted[1] - 1]);
  document.addEventListener('keydown', function (e) {
    if (box.hidden) return;
    // The dialog keeps the keyboard's focus: Tab cycles through its own controls.
    if (e.key === 'Tab') {
      var controls = Array.prototype.filter.call(box.querySelectorAll('button, a[href]'),
          function (c) { return !c.hidden && c.offsetParent !== null; });
      var at = controls.indexOf(document.activeElement);
      var next = e.shiftKey ? (at <= 0 ? controls.length - 1 : at - 1) : (at + 1) % controls.length;
      controls[next].focus();
      e.preventDefault();
      return;
    }
    if (e.key === 'Escape') { close(); e.preventDefault(); }
    else if (e.key === 'ArrowLeft') { show(current() - 1); e.preventDefault(); }
    else if (e.key === 'ArrowRight') { show(current() + 1); e.preventDefault(); }
  });
})();
