// The pupil home's AS tabs follow the ARIA tabs pattern (issue #12): one tab in the Tab order,
// the arrow keys (and Home, End) move to the next tab and open it. Each tab is a link that htmx
// follows (a plain link without JavaScript); the panel is swapped whole, so focus is given back
// to the tab just opened.
(function () {
  "use strict";
  var reopened = null;

  function tabsOf(tab) {
    return Array.prototype.slice.call(tab.closest("[role=tablist]").querySelectorAll("[role=tab]"));
  }

  document.addEventListener("keydown", function (event) {
    var tab = event.target.closest && event.target.closest("[role=tablist] [role=tab]");
    if (!tab) { return; }
    var tabs = tabsOf(tab);
    var index = tabs.indexOf(tab);
    var next = {
      ArrowRight: (index + 1) % tabs.length,
      ArrowLeft: (index - 1 + tabs.length) % tabs.length,
      Home: 0,
      End: tabs.length - 1,
    }[event.key];
    if (next === undefined) { return; }
    event.preventDefault();
    reopened = tabs[next].id;
    tabs[next].focus();
    tabs[next].click();
  });

  // Without JavaScript every tab stays in the Tab order; with it, only the selected one.
  function rove() {
    document.querySelectorAll("[role=tablist] [role=tab]").forEach(function (tab) {
      if (tab.getAttribute("aria-selected") === "true") { tab.removeAttribute("tabindex"); }
      else { tab.setAttribute("tabindex", "-1"); }
    });
  }

  rove();
  document.addEventListener("htmx:afterSwap", function () {
    rove();
    if (!reopened) { return; }
    var tab = document.getElementById(reopened);
    reopened = null;
    if (tab) { tab.focus(); }
  });
})();
