/* The teacher's live view. The page title starts with the count of what waits ("(3) Moderation · …"), kept in
   step with the tools bar, which htmx refreshes by itself. On the queue page, each poll's answer is merged into the
   lists: new items appear, handled ones leave, and the items already shown are left alone, so a half-typed reason,
   a ticked box and the keyboard focus all stay. The "Tick all waiting" box lives here too. */
(function () {
  "use strict";

  var LISTS = ["pending", "flagged", "hidden"];
  var baseTitle = document.title.replace(/^\(\d+\)\s+/, "");

  function showCountInTitle() {
    var counts = document.getElementById("teacher-counts");
    if (!counts) return;
    var total = parseInt(counts.getAttribute("data-total") || "0", 10);
    document.title = total > 0 ? "(" + total + ") " + baseTitle : baseTitle;
  }

  function each(nodes, callback) {
    Array.prototype.slice.call(nodes).forEach(callback);
  }

  /* Something of the teacher's is in this item: the focus, a typed reason or a ticked box. */
  function inUse(item) {
    if (item.contains(document.activeElement)) return true;
    var fields = item.querySelectorAll("input, textarea");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (field.type === "checkbox" ? field.checked !== field.defaultChecked
          : field.type !== "hidden" && field.value !== field.defaultValue) return true;
    }
    return false;
  }

  function adopt(fresh) {
    return document.importNode(fresh, true);
  }

  function activate(item) {
    if (window.htmx) window.htmx.process(item);
  }

  function mergeQueue(html) {
    var answer = new DOMParser().parseFromString(html, "text/html");
    var focusedList = null;
    var arrived = 0;

    // First the items that left (approved, rejected, flags dismissed: here or in another window), so an item that
    // moved from one list to another is found missing before it is added to its new list.
    LISTS.forEach(function (name) {
      var list = document.getElementById("queue-" + name);
      var fresh = answer.getElementById("queue-" + name);
      if (!list || !fresh) return;
      each(list.children, function (item) {
        // The messages of actions taken on this page (no number of their own in the id) stay where they are.
        if (!/^queue-\d+$/.test(item.id)) return;
        if (!fresh.querySelector("#" + item.id)) {
          if (item.contains(document.activeElement)) focusedList = name;
          item.remove();
        }
      });
    });

    LISTS.forEach(function (name) {
      var list = document.getElementById("queue-" + name);
      var fresh = answer.getElementById("queue-" + name);
      if (!list || !fresh) return;
      var previous = null;
      each(fresh.children, function (freshItem) {
        var current = list.querySelector("#" + freshItem.id);
        if (current) {
          // An item whose flags changed is redrawn, unless the teacher is busy with it.
          if (current.getAttribute("data-state") !== freshItem.getAttribute("data-state") && !inUse(current)) {
            var redrawn = adopt(freshItem);
            current.replaceWith(redrawn);
            activate(redrawn);
            current = redrawn;
          }
          previous = current;
          return;
        }
        var stray = document.getElementById(freshItem.id);
        if (stray) stray.remove();
        var item = adopt(freshItem);
        if (previous) previous.after(item);
        else list.prepend(item);
        activate(item);
        previous = item;
        if (name !== "hidden") arrived += 1;
      });

      var number = parseInt(fresh.getAttribute("data-size") || "0", 10);
      list.setAttribute("data-size", String(number));
      var heading = document.getElementById(name + "-heading");
      if (heading) heading.textContent = heading.textContent.replace(/\(\d+\)/, "(" + number + ")");
      each(document.querySelectorAll('[data-queue-empty="' + name + '"]'), function (element) {
        element.hidden = number > 0;
      });
      each(document.querySelectorAll('[data-queue-when="' + name + '"]'), function (element) {
        element.hidden = number === 0;
      });
    });

    if (focusedList) {
      var heading = document.getElementById(focusedList + "-heading");
      if (heading) heading.focus();
    }
    var news = document.getElementById("queue-news");
    if (news && arrived) {
      news.textContent = arrived === 1 ? "1 new contribution is waiting." : arrived + " new contributions are waiting.";
    }
    var poller = document.getElementById("queue-poller");
    var tagged = answer.querySelector("[data-queue-etag]");
    if (poller && tagged) {
      poller.setAttribute("hx-headers", JSON.stringify({"If-None-Match": tagged.getAttribute("data-queue-etag")}));
    }
    updatePickAll();
  }

  function pendingBoxes() {
    return document.querySelectorAll('#queue-pending input[type="checkbox"][name="nodes"]');
  }

  function updatePickAll() {
    var pickAll = document.getElementById("pick-all");
    if (!pickAll) return;
    var boxes = pendingBoxes();
    var ticked = 0;
    each(boxes, function (box) { if (box.checked) ticked += 1; });
    pickAll.checked = boxes.length > 0 && ticked === boxes.length;
    pickAll.indeterminate = ticked > 0 && ticked < boxes.length;
  }

  function setUpPickAll() {
    var pickAll = document.getElementById("pick-all");
    if (!pickAll) return;
    // Without JavaScript the box would do nothing, so the page leaves it hidden and offers "Approve all waiting".
    pickAll.closest("[data-queue-when]").hidden = pendingBoxes().length === 0;
    pickAll.addEventListener("change", function () {
      each(pendingBoxes(), function (box) { box.checked = pickAll.checked; });
    });
    document.addEventListener("change", function (event) {
      if (event.target.name === "nodes") updatePickAll();
    });
    updatePickAll();
  }

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.elt.id !== "queue-poller") return;
    event.detail.shouldSwap = false;
    if (event.detail.xhr.status === 200) mergeQueue(event.detail.serverResponse);
  });
  document.body.addEventListener("htmx:afterSwap", showCountInTitle);
  document.body.addEventListener("htmx:oobAfterSwap", showCountInTitle);

  showCountInTitle();
  setUpPickAll();
})();
