// Progressive enhancement: without this script each thumbnail is a plain link to its full image.
(function () {
  var links = Array.prototype.slice.call(document.querySelectorAll('a.thumb'));
  var box = document.getElementById('lightbox');
  var img = document.getElementById('lightbox-image');
  var avif = document.getElementById('lightbox-avif');
  var webp = document.getElementById('lightbox-webp');
  var caption = document.getElementById('lightbox-caption');
  var opener = null;
  if (!links.length || !box) return;

  // The grid's placeholders drop away once their image is there (a transparent image shows no blur behind it).
  Array.prototype.forEach.call(document.querySelectorAll('img.ph'), function (image) {
    if (image.complete) image.classList.add('loaded');
    else image.addEventListener('load', function () { image.classList.add('loaded'); });
  });

  // The size the lightbox shows an image at (its figure's padding, its caption's room), in CSS pixels: the
  // lightbox's sizes, so that the browser fetches the rendition that fits the screen, not the original.
  function fit(thumb) {
    var w = parseInt(thumb.getAttribute('width'), 10) || 1, h = parseInt(thumb.getAttribute('height'), 10) || 1;
    var width = Math.max(1, Math.min(window.innerWidth - 128, (window.innerHeight - 140) * w / h));
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
