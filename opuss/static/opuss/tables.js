// A wide table scrolls sideways in its .table-wrap: keyboard users must be able to reach that
// region to scroll it (axe: scrollable-region-focusable, issue #12). Listings and the basket say
// so in their template; here every other wrapper gets the same, named by its table's caption or
// the heading before it. Also after an htmx swap (the pupil home's tabs).
(function () {
  "use strict";

  function headingBefore(element) {
    var node = element;
    while (node && node !== document.body) {
      var sibling = node.previousElementSibling;
      while (sibling) {
        if (/^H[1-6]$/.test(sibling.tagName)) { return sibling.textContent.trim(); }
        var inner = sibling.querySelectorAll("h1, h2, h3, h4, h5, h6");
        if (inner.length) { return inner[inner.length - 1].textContent.trim(); }
        sibling = sibling.previousElementSibling;
      }
      node = node.parentElement;
    }
    return "";
  }

  function label(wrap) {
    var caption = wrap.querySelector("caption");
    return (caption && caption.textContent.trim()) || headingBefore(wrap) || "Tableau";
  }

  function enhance(root) {
    (root || document).querySelectorAll(".table-wrap:not([tabindex])").forEach(function (wrap) {
      wrap.setAttribute("role", "region");
      wrap.setAttribute("tabindex", "0");
      if (!wrap.hasAttribute("aria-label")) { wrap.setAttribute("aria-label", label(wrap)); }
    });
  }

  enhance(document);
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
})();
