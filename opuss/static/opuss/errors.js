// After a failed submit the page reloads at the top: move focus to the error summary so that
// it is read out first, and make its links focus the field they point to.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var group = field.closest("fieldset") || field.closest(".field") || field;
    group.scrollIntoView();
    field.focus({ preventScroll: true });
  });
});
