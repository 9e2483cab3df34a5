// Busy state: once a form that changes something is sent, its buttons are disabled and the
// one clicked says « Envoi en cours… », so a second click cannot send it again (issue #12).
// The server refuses a second transition anyway; this only spares the user the error.
// Applies to forms marked data-busy (validate, affiliate, transmit...). CSP: no inline script.
(function () {
  "use strict";
  var BUSY_LABEL = "Envoi en cours…";

  function keepSubmitterValue(form, submitter) {
    // A disabled button is not sent: its name (e.g. « transmit ») travels in a hidden input.
    if (!submitter || !submitter.name) { return; }
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = submitter.name;
    hidden.value = submitter.value;
    hidden.setAttribute("data-busy-copy", "");
    form.appendChild(hidden);
  }

  function setBusy(form, submitter) {
    form.setAttribute("aria-busy", "true");
    form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")
      .forEach(function (button) {
        button.disabled = true;
      });
    if (submitter && submitter.tagName === "BUTTON") {
      submitter.setAttribute("data-busy-label", submitter.textContent);
      submitter.textContent = BUSY_LABEL;
    }
  }

  function reset(form) {
    form.removeAttribute("aria-busy");
    form.querySelectorAll("[data-busy-copy]").forEach(function (el) { el.remove(); });
    form.querySelectorAll("[data-busy-label]").forEach(function (button) {
      button.textContent = button.getAttribute("data-busy-label");
      button.removeAttribute("data-busy-label");
    });
    form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
      button.disabled = false;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-busy") || event.defaultPrevented) {
      return;
    }
    if (form.getAttribute("aria-busy") === "true") {
      event.preventDefault();
      return;
    }
    var submitter = event.submitter || null;
    keepSubmitterValue(form, submitter);
    setBusy(form, submitter);
  });

  // Back to a page kept by the browser's cache: its forms are usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-busy]").forEach(reset);
  });
})();
