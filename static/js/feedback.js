/* Feedback where the eyes are. After an htmx action (add a point, reply, vote, flag, approve…) the answer's
   confirmation or error can land off-screen: above the view when a tall form shrinks to one line on a phone,
   or far from where the person clicked. Once the answer has settled, the first error in it (else the first
   confirmation) is scrolled into view and focused, so a screen reader reads it out. Reading the page (the
   live poller, opening arguments: GET requests) never moves the focus. A refusal that htmx does not swap in
   (a 403 page, say) is shown in the page's notice area, in its own words. */
(function () {
  "use strict";

  var ERRORS = '[role="alert"], .form-errors, .errorlist, .form-error';
  var CONFIRMATIONS = '[data-feedback], [role="status"], .add-done';
  var answered = typeof WeakSet === "function" ? new WeakSet() : null;

  function isVisible(element) {
    return element.getClientRects().length > 0;
  }

  function firstVisible(root, selector) {
    var found = root.matches && root.matches(selector) ? [root] : [];
    found = found.concat(Array.prototype.slice.call(root.querySelectorAll(selector)));
    for (var i = 0; i < found.length; i++) {
      if (isVisible(found[i])) return found[i];
    }
    return null;
  }

  function bringIntoView(element) {
    if (!element.hasAttribute("tabindex") && element.tabIndex < 0) element.setAttribute("tabindex", "-1");
    element.focus({ preventScroll: true });
    element.scrollIntoView({ block: "nearest" });
  }

  function isAction(detail) {
    var config = detail && detail.requestConfig;
    return Boolean(config && config.verb && config.verb.toLowerCase() !== "get");
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var detail = event.detail;
    if (!isAction(detail)) return;
    var xhr = detail.xhr;
    if (answered && xhr && answered.has(xhr)) return;  // one answer, one place for the eyes
    var root = event.target;
    if (!root || !root.isConnected || !root.querySelectorAll) return;
    var feedback = firstVisible(root, ERRORS) || firstVisible(root, CONFIRMATIONS);
    if (!feedback) return;
    if (answered && xhr) answered.add(xhr);
    bringIntoView(feedback);
  });

  document.addEventListener("htmx:responseError", function (event) {
    var detail = event.detail;
    if (!isAction(detail) || !detail.xhr) return;
    var notices = document.getElementById("notices");
    if (!notices) return;
    var text = "";
    try {
      var answer = new DOMParser().parseFromString(detail.xhr.responseText || "", "text/html");
      var refusal = answer.querySelector("[data-refusal]");
      text = refusal ? refusal.textContent.trim() : "";
    } catch (ignored) {
      text = "";
    }
    if (!text) text = "That didn't work. Reload the page and try again.";
    var message = document.createElement("p");
    message.className = "message message-error";
    message.setAttribute("role", "alert");
    message.textContent = text;
    notices.replaceChildren(message);
  });

  /* A picker's list (merge duplicates, move to) is replaced by each search as the teacher types. A search sent
     before a tick answers after it: the list it brings is kept as the teacher has it now, ticks and all, for
     every statement still in it. */
  var PICKER_LIST = /^(merge|move)-choices-/;
  var ticksBeforeSwap = {};

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !PICKER_LIST.test(target.id || "")) return;
    var ticks = {};
    target.querySelectorAll("input[type=checkbox], input[type=radio]").forEach(function (input) {
      ticks[input.name + "=" + input.value] = input.checked;
    });
    ticksBeforeSwap[target.id] = ticks;
  });

  // Right after the swap, in the same task: no click can reach the new list before its ticks are back.
  document.addEventListener("htmx:afterSwap", function () {
    Object.keys(ticksBeforeSwap).forEach(function (id) {
      var list = document.getElementById(id);
      var ticks = ticksBeforeSwap[id];
      delete ticksBeforeSwap[id];
      if (!list) return;
      list.querySelectorAll("input[type=checkbox], input[type=radio]").forEach(function (input) {
        var key = input.name + "=" + input.value;
        if (Object.prototype.hasOwnProperty.call(ticks, key)) input.checked = ticks[key];
      });
    });
  });
})();
