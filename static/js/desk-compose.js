/* The compose page's drag and drop. Each section is a list SortableJS can drop into; the adopted
   articles waiting beside the issue can be dragged into a section. A drop posts the article, its
   section and its place (1-based) to the same endpoint as the 编入 button, through htmx, and the
   server answers with the compose body again: the page never keeps state of its own. Without
   JavaScript the buttons do the same. */
(function () {
  "use strict";

  function token(body) {
    var input = body.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function place(body, item, zone) {
    var position = Array.prototype.indexOf.call(zone.querySelectorAll(":scope > li[data-article]"), item) + 1;
    window.htmx.ajax("POST", body.dataset.placeUrl, {
      target: "#compose-body",
      swap: "outerHTML",
      values: { article: item.dataset.article, section: zone.dataset.section, position: position },
      headers: { "X-CSRFToken": token(body) },
    });
  }

  function init() {
    var body = document.getElementById("compose-body");
    if (!body || !window.Sortable || !window.htmx) return;
    body.querySelectorAll(".drop-zone[data-section]:not([data-locked])").forEach(function (zone) {
      window.Sortable.create(zone, {
        group: "issue",
        draggable: "li[data-article]",
        filter: "button, select, input, a",
        preventOnFilter: false,
        animation: 120,
        forceFallback: true, // mouse, pen and touch alike, the same code path
        onEnd: function (event) {
          if (event.to === zone || event.to.dataset.section) {
            if (event.from !== event.to || event.oldIndex !== event.newIndex) place(body, event.item, event.to);
          }
        },
      });
    });
    body.querySelectorAll(".drop-zone[data-waiting]").forEach(function (zone) {
      window.Sortable.create(zone, {
        group: { name: "issue", pull: true, put: false },
        sort: false,
        draggable: "li[data-article]",
        filter: "button, select, input, a, label",
        preventOnFilter: false,
        animation: 120,
        forceFallback: true, // mouse, pen and touch alike, the same code path
        onEnd: function (event) {
          if (event.to.dataset.section) place(body, event.item, event.to);
        },
      });
    });
    body.classList.add("compose--draggable");
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
})();
