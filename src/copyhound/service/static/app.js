// copyhound service: drag and drop onto the file inputs. The forms work without it.
"use strict";
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-drop]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    if (!input) return;
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      var files = e.dataTransfer && e.dataTransfer.files;
      if (!files || !files.length) return;
      var list = new DataTransfer();
      var take = input.multiple ? files.length : 1;
      for (var i = 0; i < take; i++) list.items.add(files[i]);
      input.files = list.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
});
