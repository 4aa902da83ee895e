// The header's compact list of notifications (templates/notifications/_header.html) closes as a menu does:
// with Escape (focus back on its button) and on a click outside it. Without this file it still opens and closes
// with its own button, as any <details> does.
(function () {
  "use strict";

  function menu() {
    return document.getElementById("news-menu");
  }

  document.addEventListener("keydown", function (event) {
    var open = menu();
    if (event.key !== "Escape" || !open || !open.open) {
      return;
    }
    open.open = false;
    open.querySelector("summary").focus();
  });

  document.addEventListener("click", function (event) {
    var open = menu();
    if (open && open.open && !open.contains(event.target)) {
      open.open = false;
    }
  });
})();
