// The map page's poller (templates/maps/map_detail.html, #live-poller) names the measures whose arguments are open
// right now, including those opened since the page loaded, so a live update brings their new statements and
// leaves the closed ones as a "Show the arguments" link. Without this file the poller sends the page's own ?open=.
(function () {
  "use strict";

  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.id !== "live-poller") {
      return;
    }
    var open = [];
    document.querySelectorAll(".measure-card details.arguments[open]").forEach(function (details) {
      open.push(details.closest(".measure-card").id.replace("measure-", ""));
    });
    event.detail.parameters.open = open.join(",");
  });
})();
