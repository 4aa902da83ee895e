/* The graph page: zoom and pan by changing the SVG's viewBox (buttons, keyboard, wheel, drag, touch), and a click
   on a statement opens it in the side panel with htmx. Without this file the graph is drawn at full size in a
   scrolling box and every statement is a plain link to its page. The view survives the poller's redraws. */
(function () {
  "use strict";

  var viewport = document.getElementById("graph-viewport");
  if (!viewport) return;
  var panel = document.getElementById("graph-panel");
  var view = null; // {x, y, w, h}: the part of the drawing in view
  var MIN_SCALE = 0.08;
  var MAX_SCALE = 3;

  function svg() { return document.getElementById("graph-svg"); }

  function size(drawing) {
    return { w: parseFloat(drawing.getAttribute("data-width")), h: parseFloat(drawing.getAttribute("data-height")) };
  }

  function box() {
    var rect = viewport.getBoundingClientRect();
    return { w: Math.max(rect.width, 1), h: Math.max(rect.height, 1) };
  }

  function apply() {
    var drawing = svg();
    if (!drawing || !view) return;
    drawing.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (n) { return n.toFixed(1); }).join(" "));
  }

  /* Screen pixels per drawing unit. */
  function scale() { return box().w / view.w; }

  function setScale(next, centreX, centreY) {
    var screen = box();
    next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, next));
    var fx = centreX === undefined ? 0.5 : centreX / screen.w;
    var fy = centreY === undefined ? 0.5 : centreY / screen.h;
    var px = view.x + view.w * fx;
    var py = view.y + view.h * fy;
    view.w = screen.w / next;
    view.h = screen.h / next;
    view.x = px - view.w * fx;
    view.y = py - view.h * fy;
    apply();
  }

  function fit() {
    var drawing = svg();
    if (!drawing) return;
    var whole = size(drawing);
    var screen = box();
    var s = Math.min(screen.w / whole.w, screen.h / whole.h);
    view = { w: screen.w / s, h: screen.h / s };
    view.x = (whole.w - view.w) / 2;
    view.y = (whole.h - view.h) / 2;
    apply();
  }

  /* The first view: readable text, the question in the middle at the top. */
  function start() {
    var drawing = svg();
    if (!drawing) return;
    var whole = size(drawing);
    var screen = box();
    var s = Math.max(Math.min(screen.w / whole.w, screen.h / whole.h), screen.w < 600 ? 0.7 : 0.9);
    s = Math.min(s, 1);
    var question = drawing.querySelector(".graph-node-question .graph-shape");
    var centre = whole.w / 2;
    if (question) centre = parseFloat(question.getAttribute("x")) + parseFloat(question.getAttribute("width")) / 2;
    view = { w: screen.w / s, h: screen.h / s };
    view.x = centre - view.w / 2;
    view.y = 0;
    apply();
  }

  function enhance() {
    var drawing = svg();
    if (!drawing) return;
    drawing.setAttribute("width", "100%");
    drawing.setAttribute("height", "100%");
    drawing.setAttribute("preserveAspectRatio", "xMidYMid meet");
    if (view) apply(); else start();
  }

  function pan(dx, dy) { // in screen pixels
    var s = scale();
    view.x += dx / s;
    view.y += dy / s;
    apply();
  }

  viewport.classList.add("graph-viewport-live");
  Array.prototype.forEach.call(document.querySelectorAll("[data-graph-zoom], .graph-hint"), function (el) {
    el.hidden = false;
  });
  enhance();

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-graph-zoom]");
    if (!button || !view) return;
    var what = button.getAttribute("data-graph-zoom");
    if (what === "fit") fit(); else setScale(scale() * (what === "in" ? 1.25 : 0.8));
  });

  viewport.addEventListener("keydown", function (event) {
    if (!view) return;
    var step = 60;
    var handled = true;
    switch (event.key) {
      case "ArrowLeft": pan(-step, 0); break;
      case "ArrowRight": pan(step, 0); break;
      case "ArrowUp": pan(0, -step); break;
      case "ArrowDown": pan(0, step); break;
      case "+": case "=": setScale(scale() * 1.25); break;
      case "-": case "_": setScale(scale() * 0.8); break;
      case "0": fit(); break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  viewport.addEventListener("wheel", function (event) {
    if (!view) return;
    event.preventDefault();
    var rect = viewport.getBoundingClientRect();
    setScale(scale() * (event.deltaY < 0 ? 1.12 : 1 / 1.12), event.clientX - rect.left, event.clientY - rect.top);
  }, { passive: false });

  /* Drag with a mouse or one finger; pinch with two. A drag that moved is not a click. */
  var pointers = {};
  var moved = false;
  var pinch = null;

  function count() { return Object.keys(pointers).length; }

  function spread() {
    var ids = Object.keys(pointers);
    var a = pointers[ids[0]], b = pointers[ids[1]];
    return { d: Math.hypot(a.x - b.x, a.y - b.y), x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  }

  viewport.addEventListener("pointerdown", function (event) {
    if (event.button !== 0 && event.pointerType === "mouse") return;
    pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
    if (count() === 1) moved = false;
    if (count() === 2) pinch = spread();
  });

  viewport.addEventListener("pointermove", function (event) {
    var last = pointers[event.pointerId];
    if (!last || !view) return;
    var dx = event.clientX - last.x, dy = event.clientY - last.y;
    if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!moved) {
      moved = true;
      viewport.setPointerCapture(event.pointerId);
    }
    pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
    if (count() === 2 && pinch) {
      var now = spread();
      var rect = viewport.getBoundingClientRect();
      if (pinch.d > 0) setScale(scale() * now.d / pinch.d, now.x - rect.left, now.y - rect.top);
      pinch = now;
    } else if (count() === 1) {
      pan(-dx, -dy);
    }
  });

  function release(event) {
    delete pointers[event.pointerId];
    if (count() < 2) pinch = null;
  }
  viewport.addEventListener("pointerup", release);
  viewport.addEventListener("pointercancel", release);

  /* A statement opens in the side panel (htmx); a drag that ended on one does nothing. */
  viewport.addEventListener("click", function (event) {
    var link = event.target.closest("a.graph-node");
    if (!link) return;
    if (moved) {
      event.preventDefault();
      moved = false;
      return;
    }
    var url = link.getAttribute("data-panel");
    if (!url || !window.htmx || !panel || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    Array.prototype.forEach.call(viewport.querySelectorAll("a.graph-node[aria-current]"), function (el) {
      el.removeAttribute("aria-current");
    });
    link.setAttribute("aria-current", "true");
    window.htmx.ajax("GET", url, { target: "#graph-panel", swap: "innerHTML" }).then(function () {
      var title = panel.querySelector(".graph-panel-title");
      if (title) title.focus();
    });
  });

  /* The poller redrew the graph: keep the view and the statement that had the focus. */
  var focused = null;
  viewport.addEventListener("focusin", function (event) {
    var link = event.target.closest && event.target.closest("a.graph-node");
    focused = link ? link.getAttribute("data-node-id") : null;
  });
  document.body.addEventListener("htmx:oobAfterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "graph-drawing") return;
    enhance();
    var current = panel && panel.querySelector(".graph-panel-node");
    if (current) {
      var chosen = viewport.querySelector('a.graph-node[data-node-id="' + current.getAttribute("data-node-id") + '"]');
      if (chosen) chosen.setAttribute("aria-current", "true");
    }
    if (focused && (document.activeElement === document.body || !document.activeElement)) {
      var again = viewport.querySelector('a.graph-node[data-node-id="' + focused + '"]');
      if (again) again.focus();
    }
  });

  window.addEventListener("resize", function () {
    if (!view) return;
    var screen = box();
    var s = scale();
    view.w = screen.w / s;
    view.h = screen.h / s;
    apply();
  });
})();
