// The slideshow: its setup comes from the stage's data-* attributes, its slides from the JSON block.
(function () {
  var stage = document.getElementById('stage');
  var img = document.getElementById('slide-image');
  var avif = document.getElementById('slide-avif');
  var webp = document.getElementById('slide-webp');
  var caption = document.getElementById('slide-caption');
  var toggle = document.getElementById('toggle');
  var fs = document.getElementById('fullscreen');
  var slides = JSON.parse(document.getElementById('slides').textContent);
  var interval = parseInt(stage.dataset.interval, 10) * 1000;
  var transition = stage.dataset.transition;
  // Less motion asked for: no transition, whatever the setup says (the stylesheet drops the CSS one too).
  if (window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
    transition = 'none';
    stage.dataset.motion = 'reduced';
  }
  var loop = stage.dataset.loop === 'true';
  var order = slides.map(function (_, i) { return i; });
  var index = 0, timer = null, playing = false, swapping = null;
  if (!slides.length) return;

  if (stage.dataset.shuffle === 'true') {
    for (var i = order.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = order[i]; order[i] = order[j]; order[j] = t;
    }
  }

  // A slide's renditions, as the stage's picture offers them: the browser takes the format and width it wants.
  function fill(a, w, image, s) {
    a.srcset = s.avif; w.srcset = s.webp;
    image.sizes = '100vw'; image.srcset = s.jpeg; image.src = s.image;
  }
  // A detached picture loads as the stage's would, so the next slide is in the cache in the format it will use.
  function preload(k) {
    if (k >= order.length) return;
    var p = document.createElement('picture'), a = document.createElement('source'),
        w = document.createElement('source'), image = new Image();
    a.type = 'image/avif'; w.type = 'image/webp'; a.sizes = w.sizes = '100vw';
    p.appendChild(a); p.appendChild(w); p.appendChild(image);
    fill(a, w, image, slides[order[k]]);
  }

  function render(direction) {
    var s = slides[order[index]];
    stage.dataset.index = String(index);
    stage.dataset.item = String(order[index]);
    document.getElementById('position').textContent = (index + 1) + ' / ' + order.length;
    // The caption changes with the image, not while the old one fades out.
    var swap = function () { fill(avif, webp, img, s); img.alt = s.alt; caption.textContent = s.caption; img.className = ''; };
    clearTimeout(swapping);
    if (transition === 'none' || direction === 0) swap();
    else {
      img.className = transition === 'slide' ? 'out ' + (direction > 0 ? 'out-left' : 'out-right') : 'out';
      swapping = setTimeout(swap, 250);
    }
    preload(index + 1 < order.length ? index + 1 : 0);
  }

  function go(k, direction) {
    if (k >= order.length) {
      if (!loop) { setPlaying(false); stage.dataset.ended = 'true'; return; }
      k = 0;
    } else if (k < 0) k = loop ? order.length - 1 : 0;
    stage.dataset.ended = 'false';
    index = k;
    render(direction);
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    if (playing) timer = setTimeout(function () { go(index + 1, 1); }, interval);
  }

  function setPlaying(on) {
    // Play again from the start once a non-looping show has ended.
    if (on && !loop && index === order.length - 1 && stage.dataset.ended === 'true') { index = -1; }
    playing = on;
    stage.dataset.playing = String(on);
    // The icon follows data-playing through the stylesheet.
    toggle.setAttribute('aria-label', on ? 'Pause' : 'Play');
    if (on && index === -1) go(0, 1); else schedule();
  }

  document.getElementById('prev').addEventListener('click', function () { go(index - 1, -1); });
  document.getElementById('next').addEventListener('click', function () { go(index + 1, 1); });
  toggle.addEventListener('click', function () { setPlaying(!playing); });
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    // Space and Enter on a focused button or link press that control, as a keyboard user expects.
    var onControl = e.target.closest && e.target.closest('button, a');
    if (e.key === 'ArrowRight') go(index + 1, 1);
    else if (e.key === 'ArrowLeft') go(index - 1, -1);
    else if (e.key === 'Home') go(0, -1);
    else if (e.key === 'End') go(order.length - 1, 1);
    else if ((e.key === ' ' || e.key === 'Spacebar') && !onControl) setPlaying(!playing);
    else if ((e.key === 'f' || e.key === 'F') && !fs.hidden) fs.click();
    else return;
    e.preventDefault();
  });

  // Swipe: a horizontal pointer drag of 40px or more moves one slide.
  var startX = null;
  stage.addEventListener('pointerdown', function (e) { if (!e.target.closest('.controls')) startX = e.clientX; });
  stage.addEventListener('pointerup', function (e) {
    if (startX === null) return;
    var dx = e.clientX - startX; startX = null;
    if (Math.abs(dx) >= 40) go(index + (dx < 0 ? 1 : -1), dx < 0 ? 1 : -1);
  });
  stage.addEventListener('pointercancel', function () { startX = null; });

  if (!document.fullscreenEnabled) fs.hidden = true; // e.g. an iframe without allow="fullscreen"
  fs.addEventListener('click', function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(function () {});
  });

  render(0);
  setPlaying(true);
})();
