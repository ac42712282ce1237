// Progressive enhancement only: every page works without this file.
// A table wider than the screen scrolls sideways inside its .table-wrap; say so above it, so that a
// column off-screen on a phone is not taken for a missing one.
(function () {
  "use strict";
  var HINT = "Tabellen är bredare än skärmen: svep eller rulla i sidled för att se alla kolumner.";
  function update() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      var hint = wrap.previousElementSibling;
      var has = hint && hint.classList.contains("scroll-hint");
      if (scrolls && !has) {
        hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.textContent = HINT;
        wrap.parentNode.insertBefore(hint, wrap);
      } else if (!scrolls && has) {
        hint.remove();
      }
    });
  }
  window.portalTableHints = update;  // the browser tests call it right after resizing
  var timer;
  function later() { clearTimeout(timer); timer = setTimeout(update, 150); }
  document.addEventListener("DOMContentLoaded", update);
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSwap", update);
})();
