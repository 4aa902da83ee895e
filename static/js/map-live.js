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

  // A part the live update replaces keeps the <details> the person had opened in it (the class's ratings under a
  // claim, say): each open one is found again in the new part by the nearest element with an id around it and
  // its place among that element's <details> of the same class.
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var fragment = event.detail.fragment;
    event.detail.target.querySelectorAll("details[open]").forEach(function (details) {
      var holder = details.parentElement && details.parentElement.closest("[id]");
      if (!holder || !details.className) {
        return;
      }
      var selector = "details." + details.className.trim().split(/\s+/).join(".");
      var index = Array.prototype.indexOf.call(holder.querySelectorAll(selector), details);
      var twin = fragment.querySelector("#" + CSS.escape(holder.id));
      var again = twin && twin.querySelectorAll(selector)[index];
      if (again) {
        again.open = true;
      }
    });
  });
})();
