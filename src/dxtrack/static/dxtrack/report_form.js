/* dxtrack: the long report form (up to 160 items on one page).
   htmx (served from our static files) saves one item or one part and swaps in what the
   server sends back (the items, the counter, the blocking list, the version); this file adds
   what htmx does not:
   - the filter "Chưa điền" / "Tất cả" without reloading (the links work without it too);
   - the counts in the filter links and the action bar, after each save;
   - a mark on an item changed but not saved yet;
   - keyboard: Alt+↓/↑ next/previous item (into its first field), j/k outside the boxes,
     Enter (one-line box) or Ctrl+Enter (text area) saves the item, Enter on an item
     starts filling it;
   - the links of the blocking list put the cursor in the item's first field;
   - a message when a save gets no answer the page can use (no network, no access). */
(function () {
  "use strict";

  var form = document.querySelector(".report-form");
  if (!form) {
    return;
  }
  var live = document.getElementById("form-live");
  var FIELDS = "select, textarea, input:not([type=hidden]):not([type=checkbox]):not([type=file])";

  function say(text) {
    if (!live) {
      return;
    }
    live.textContent = "";
    var p = document.createElement("p");
    p.className = "notice notice--error";
    p.textContent = text;
    live.appendChild(p);
  }

  // ------------------------------------------------------------------ the filter

  function applyFilter(value) {
    form.setAttribute("data-item-filter", value);
    // Items saved a moment ago stay shown until the filter is chosen again.
    form.querySelectorAll(".form-item--recent").forEach(function (item) {
      item.classList.remove("form-item--recent");
    });
    document.querySelectorAll("a[data-item-filter]").forEach(function (link) {
      if (link.getAttribute("data-item-filter") === value) {
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
    });
    var url = new URL(window.location.href);
    if (value === "unfilled") {
      url.searchParams.set("loc", "chua-dien");
    } else {
      url.searchParams.delete("loc");
    }
    url.hash = "";
    window.history.replaceState(null, "", url.toString());
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-item-filter]");
    if (!link) {
      return;
    }
    event.preventDefault();
    applyFilter(link.getAttribute("data-item-filter"));
    var first = visibleItems()[0];
    if (first && link.closest(".report-actions")) {
      first.scrollIntoView({ block: "start" });
    }
  });

  // ------------------------------------------------------------------ counts and marks

  function syncCounts() {
    var progress = document.getElementById("form-progress");
    if (!progress) {
      return;
    }
    ["total", "filled", "missing"].forEach(function (name) {
      var value = progress.getAttribute("data-" + name);
      document.querySelectorAll("[data-count=" + name + "]").forEach(function (span) {
        span.textContent = value;
      });
    });
  }

  function markChanged(event) {
    var item = event.target.closest(".form-item");
    if (!item || !form.contains(item) || item.classList.contains("form-item--dirty")) {
      return;
    }
    item.classList.add("form-item--dirty");
    var mark = item.querySelector(".item-dirty");
    if (mark) {
      mark.hidden = false;
    }
  }
  form.addEventListener("input", markChanged);
  form.addEventListener("change", markChanged);

  document.body.addEventListener("htmx:oobAfterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "form-progress") {
      syncCounts();
    }
  });
  // The box the user was in when saving comes back with the saved item: the cursor goes
  // back into it (htmx keeps focus only for its main swap, not for out-of-band pieces).
  var focusedId = null;
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var item = event.target.closest(".form-item, .form-part");
    if (item) {
      item.setAttribute("aria-busy", "true");
    }
    var active = document.activeElement;
    focusedId = active && active !== document.body && active.id ? active.id : null;
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    var active = document.activeElement;
    if (focusedId && (!active || active === document.body)) {
      var again = document.getElementById(focusedId);
      if (again) {
        again.focus({ preventScroll: true });
      }
    }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var item = event.target.closest(".form-item, .form-part");
    if (item) {
      item.removeAttribute("aria-busy");
    }
    var xhr = event.detail.xhr;
    if (!xhr || (xhr.status !== 0 && xhr.status < 400) || [400, 409].indexOf(xhr.status) >= 0) {
      return; // saved, or refused with the reason the answer shows
    }
    if (xhr.status === 0) {
      say("Không kết nối được máy chủ: chưa lưu. Nội dung bạn nhập vẫn còn trên trang; thử lưu lại.");
    } else if (xhr.status === 403) {
      say("Không lưu được: phiên đăng nhập đã hết hoặc bạn không có quyền sửa báo cáo này. Nội dung vẫn còn trên trang; đăng nhập lại ở cửa sổ khác rồi lưu lại.");
    } else {
      say("Không lưu được (mã lỗi " + xhr.status + "). Nội dung vẫn còn trên trang; thử lưu lại sau ít phút.");
    }
  });
  document.body.addEventListener("htmx:sendError", function () {
    say("Không kết nối được máy chủ: chưa lưu. Nội dung bạn nhập vẫn còn trên trang; thử lưu lại.");
  });

  // ------------------------------------------------------------------ keyboard

  function visibleItems() {
    return Array.prototype.filter.call(form.querySelectorAll(".form-item"), function (item) {
      return item.getClientRects().length > 0;
    });
  }

  function currentIndex(items) {
    var active = document.activeElement;
    var item = active && active.closest ? active.closest(".form-item") : null;
    var index = item ? items.indexOf(item) : -1;
    if (index >= 0) {
      return index;
    }
    // Nothing chosen yet: the last item whose top is above the middle of the screen.
    var middle = window.innerHeight / 2;
    var found = -1;
    items.forEach(function (candidate, i) {
      if (candidate.getBoundingClientRect().top < middle) {
        found = i;
      }
    });
    return found;
  }

  function firstField(item) {
    var fields = item.querySelectorAll(FIELDS);
    for (var i = 0; i < fields.length; i++) {
      if (!fields[i].disabled && fields[i].getClientRects().length > 0) {
        return fields[i];
      }
    }
    return null;
  }

  function go(step, intoField) {
    var items = visibleItems();
    if (!items.length) {
      return;
    }
    var index = currentIndex(items);
    var next = items[Math.max(0, Math.min(items.length - 1, index + step))];
    if (index < 0 && step < 0) {
      next = items[0];
    }
    var field = intoField ? firstField(next) : null;
    next.scrollIntoView({ block: "start" });
    (field || next).focus({ preventScroll: true });
  }

  function editable(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  function saveButton(element) {
    var item = element.closest(".form-item");
    return item ? item.querySelector("button.item-save") : null;
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      go(event.key === "ArrowDown" ? 1 : -1, true);
      return;
    }
    if (event.key === "Enter" && !event.altKey && !event.shiftKey && form.contains(target)) {
      var oneLine = target.tagName === "SELECT" ||
        (target.tagName === "INPUT" && !/^(checkbox|file|submit|button)$/.test(target.type));
      var button = saveButton(target);
      if (button && (oneLine || (target.tagName === "TEXTAREA" && (event.ctrlKey || event.metaKey)))) {
        event.preventDefault(); // not the whole form's implicit submission
        button.click();
        return;
      }
      if (target.classList && target.classList.contains("form-item")) {
        var field = firstField(target);
        if (field) {
          event.preventDefault();
          field.focus();
        }
      }
      return;
    }
    if (!editable(target) && !event.altKey && !event.ctrlKey && !event.metaKey && (event.key === "j" || event.key === "k")) {
      event.preventDefault();
      go(event.key === "j" ? 1 : -1, false);
    }
  });

  // ------------------------------------------------------------------ the blocking list

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".form-blockers a[href^='#']");
    if (!link) {
      return;
    }
    var item = document.getElementById(link.getAttribute("href").slice(1));
    if (!item) {
      return;
    }
    event.preventDefault();
    if (item.getClientRects().length === 0) {
      applyFilter("all"); // hidden by the filter: show everything rather than nothing
    }
    item.scrollIntoView({ block: "start" });
    (firstField(item) || item).focus({ preventScroll: true });
  });

  syncCounts();
})();
