// The main menu: folded behind « Menu » on a phone, its groups closed by Escape or a click
// elsewhere. Without JavaScript the menu simply shows whole (the CSS folds nothing).
(function () {
  "use strict";

  function foldOnPhones(nav) {
    var toggle = nav.querySelector(".nav-toggle");
    if (!toggle) { return; }
    nav.classList.add("nav-collapsible");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    });
  }

  function closeGroups(nav, except) {
    nav.querySelectorAll(".nav-group details[open]").forEach(function (details) {
      if (details !== except) { details.open = false; }
    });
  }

  function oneGroupAtATime(nav) {
    nav.querySelectorAll(".nav-group details").forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (details.open) { closeGroups(nav, details); }
      });
    });
    document.addEventListener("click", function (event) {
      if (!nav.contains(event.target)) { closeGroups(nav, null); }
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var details = event.target.closest("details[open]");
      if (details) {
        details.open = false;
        details.querySelector("summary").focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.querySelector(".mainnav");
    if (!nav) { return; }
    foldOnPhones(nav);
    oneGroupAtATime(nav);
  });
})();
