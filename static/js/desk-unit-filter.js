/* 新建约稿: a filter box above the unit checkboxes. Typing part of a name hides the units that do
   not match (and a group left empty); ticked units always stay visible. Without JavaScript the box
   stays hidden and every unit is listed. */
(function () {
  "use strict";
  document.querySelectorAll("[data-unit-picker]").forEach(function (picker) {
    var box = picker.querySelector("[data-unit-filter-box]");
    var input = picker.querySelector("[data-unit-filter]");
    if (!box || !input) return;
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.trim();
      picker.querySelectorAll("[data-unit-group]").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll("[data-unit-name]").forEach(function (item) {
          var ticked = item.querySelector("input").checked;
          var match = !words || ticked || item.getAttribute("data-unit-name").indexOf(words) !== -1;
          item.hidden = !match;
          if (match) shown += 1;
        });
        group.hidden = shown === 0;
      });
    });
  });
})();
