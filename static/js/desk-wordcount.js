/* 字数 while writing, counted as the office counts it and as the server stores it
   (articles.text.word_count): every CJK character is one, every run of Latin letters or digits (a
   word, a number such as 2026 or 12.5) is one, punctuation is not counted. */
(function () {
  "use strict";
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\ud840-\ud87a][\udc00-\udfff]/g;
  var WORD = /[A-Za-z0-9]+(?:[.'\u2019-][A-Za-z0-9]+)*/g;
  var BLOCK_END = /<\/(p|h2|h3|li|td|th|blockquote|figcaption)>|<br\s*\/?>/gi;

  function count(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.replace(BLOCK_END, "\n").replace(/<img[^>]*>/gi, "");
    var text = holder.textContent || "";
    var cjk = text.match(CJK) || [];
    var words = text.replace(CJK, " ").match(WORD) || [];
    return cjk.length + words.length;
  }

  document.querySelectorAll("[data-word-count-for]").forEach(function (output) {
    var id = output.getAttribute("data-word-count-for");
    var number = output.querySelector("[data-word-count]");
    var textarea = document.getElementById(id);
    function show(html) { number.textContent = String(count(html)); }
    if (textarea) show(textarea.value);
    if (window.ckeditorRegisterCallback) {
      window.ckeditorRegisterCallback(id, function (editor) {
        show(editor.getData());
        editor.model.document.on("change:data", function () { show(editor.getData()); });
      });
    }
  });
})();
