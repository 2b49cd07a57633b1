/* dxtrack reporting pages: a few lines of our own, no library.
   - [data-refresh-url]: fetch the fragment at that URL every data-refresh-seconds and swap
     it in, so a period's progress table stays current without reloading the page.
   - form[data-submit-once]: a second click on a submit button sends nothing more. */
(function () {
  "use strict";

  function refreshEvery(box) {
    var url = box.getAttribute("data-refresh-url");
    var seconds = parseInt(box.getAttribute("data-refresh-seconds"), 10) || 30;
    window.setInterval(function () {
      if (document.hidden) {
        return; // a tab in the background asks nothing of the server
      }
      window.fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (html) {
          box.innerHTML = html;
        })
        .catch(function () {
          // Keep the table as it is (e.g. the network is down); the next round tries again.
        });
    }, seconds * 1000);
  }

  function submitOnce(form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sending") === "1") {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-sending", "1");
      var submitter = event.submitter;
      if (submitter && submitter.name) {
        // A disabled button is not sent with the form: carry its choice in a hidden field.
        var carried = document.createElement("input");
        carried.type = "hidden";
        carried.name = submitter.name;
        carried.value = submitter.value;
        carried.setAttribute("data-carried", "");
        form.appendChild(carried);
      }
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
        button.disabled = true;
      });
    });
    // Back to a page kept by the browser: the buttons work again.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        form.removeAttribute("data-sending");
        form.querySelectorAll("input[data-carried]").forEach(function (input) {
          input.remove();
        });
        form.querySelectorAll("button").forEach(function (button) {
          button.disabled = false;
        });
      }
    });
  }

  document.querySelectorAll("[data-refresh-url]").forEach(refreshEvery);
  document.querySelectorAll("form[data-submit-once]").forEach(submitOnce);
})();
