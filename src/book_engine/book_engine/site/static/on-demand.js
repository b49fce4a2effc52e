/* Scripts a page needs only once the reader does something (book_engine.site.sphinx_ext): the
   theme's Bootstrap (79 KiB: its tooltips, the download menu, the back-to-top button) and the
   code's copy buttons, each named by an inert <script type="text/plain" data-on-demand="...">
   and loaded, in the page's order, at the reader's first touch, pointer, key or scroll. A
   click on a menu that came before Bootstrap opens the menu once it has loaded. */
(function () {
  "use strict";
  var EVENTS = ["pointerover", "pointerdown", "touchstart", "keydown", "focusin", "scroll"];
  var pending = null;  /* a menu button pressed before Bootstrap had loaded */
  var loading = false;

  function pressed(event) {
    var toggle = event.target.closest && event.target.closest('[data-bs-toggle="dropdown"]');
    if (toggle && !window.bootstrap) { pending = toggle; }
  }

  function load(event) {
    /* the theme scrolls its sidebar as the page opens: only the reader scrolls the page */
    if (loading || (event.type === "scroll" && event.target !== document)) { return; }
    loading = true;
    EVENTS.forEach(function (name) { window.removeEventListener(name, load, true); });
    [].reduce.call(document.querySelectorAll("script[data-on-demand]"), function (ready, inert) {
      return ready.then(function () { return added(inert.dataset.onDemand); });
    }, Promise.resolve());
  }

  function added(src) {
    return new Promise(function (resolve) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = script.onerror = function () {
        if (pending && window.bootstrap) {
          window.bootstrap.Dropdown.getOrCreateInstance(pending).toggle();
          pending = null;
        }
        resolve();
      };
      document.head.appendChild(script);
    });
  }

  EVENTS.forEach(function (name) {
    window.addEventListener(name, load, {capture: true, passive: true});
  });
  document.addEventListener("click", pressed, true);
})();
