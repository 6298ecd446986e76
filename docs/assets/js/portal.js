// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.querySelectorAll("[data-portal-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Sharing (partials/page-actions.html): copy the page's address; the phone's share sheet.
  document.querySelectorAll("[data-portal-copy]").forEach(function (button) {
    if (!navigator.clipboard) {
      return;
    }
    var status = button.parentNode.querySelector(".portal-share__status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-portal-copy")).then(function () {
        status.textContent = "Đã chép liên kết.";
      }, function () {
        status.textContent = "Không chép được: hãy chép địa chỉ trên thanh địa chỉ.";
      });
    });
  });
  document.querySelectorAll("[data-portal-share]").forEach(function (button) {
    if (!navigator.share) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({ title: document.title, url: button.parentNode.querySelector("[data-portal-copy]").getAttribute("data-portal-copy") })
        .catch(function () { /* closed by the reader */ });
    });
  });

  // Search (partials/search.html): the box keeps Material's habits ("/", "s" or "f" focuses it;
  // portal-search.js adds the arrows, Enter and Esc). Nothing of the search loads before the box
  // is used: the first focus loads portal-search.js, which fetches the index as a query needs it.
  var script = document.currentScript;
  var dialog = document.querySelector("[data-portal-search]");
  var toggle = document.getElementById("__search");
  if (!dialog || !toggle || !script) {
    return;
  }
  var input = dialog.querySelector(".md-search__input");
  // With JavaScript the dialog starts as the search shows an empty box (no list of topics, which
  // only pages without JavaScript need), so keyboard focus never rests on a link the search hides.
  if (!dialog.hasAttribute("data-portal-search-off")) {
    dialog.querySelector(".md-search-result__meta").textContent = "Nhập từ khoá để tìm (không cần gõ dấu).";
    dialog.querySelector(".portal-search__browse").hidden = true;
  }
  var started = null;
  function start() {
    if (!started) {
      started = import(new URL("portal-search.js", script.src).href).then(function (module) {
        module.mount(dialog, toggle);
      }, function () {
        dialog.querySelector(".md-search-result__meta").textContent =
          "Không tải được chức năng tìm kiếm. Xem theo lĩnh vực hoặc lưu trữ:";
        dialog.querySelector(".portal-search__browse").hidden = false;
      });
    }
    return started;
  }
  input.addEventListener("focus", function () {
    if (!toggle.checked) {
      toggle.click();
    }
    start();
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      start();
    }
  });
  // The magnifiers (the header's on phones, the box's own): focus in the click itself, so that a
  // phone opens its keyboard; focusing opens the dialog. Once open, they close it as before.
  document.querySelectorAll("label[for=__search]").forEach(function (label) {
    label.addEventListener("click", function (event) {
      if (!toggle.checked) {
        event.preventDefault();
        input.focus();
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || toggle.checked) {
      return;
    }
    if (event.key !== "/" && event.key !== "s" && event.key !== "f") {
      return;
    }
    var active = document.activeElement;
    if (active && (active.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName))) {
      return;
    }
    event.preventDefault();
    input.focus();
    input.select();
  });
})();
