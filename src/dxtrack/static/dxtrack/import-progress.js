// The progress bar of a scan being read (web/import_progress.html): asks the server every
// second how many pages are read, then opens the preview, or shows why the reading stopped.
(function () {
  "use strict";
  var section = document.getElementById("import-progress");
  if (!section) {
    return;
  }
  var bar = document.getElementById("import-progress-bar");
  var status = document.getElementById("import-progress-status");
  var error = document.getElementById("import-progress-error");
  var cancel = document.querySelector(".import-progress__cancel");
  var url = section.getAttribute("data-progress-url");
  var preview = section.getAttribute("data-preview-url");

  function show(job) {
    if (job.total) {
      bar.max = job.total;
    }
    bar.value = job.done;
    bar.textContent = job.percent + "%";
    status.textContent = job.label + ": " + job.done + "/" + job.total + " trang";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (job) {
        show(job);
        if (job.status === "done") {
          window.location.assign(preview);
        } else if (job.status === "failed" || job.status === "cancelled") {
          error.hidden = !job.message;
          error.firstElementChild.textContent = job.message;
          if (cancel) {
            cancel.hidden = true;
          }
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 500);
})();
