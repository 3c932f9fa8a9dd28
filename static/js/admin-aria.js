// Names for the admin widgets Django draws with JavaScript, which axe-core finds nameless:
// - the autocomplete pickers (select2): the box is named by the chosen row only, so an empty
//   one has no name; it is named by its field's label as well.
// - the search icons of the two-list pickers (groups, permissions) carry an aria-label on a
//   plain <span>, which ARIA does not allow; as images they may.
"use strict";
(function () {
  function nameAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const label = document.querySelector('label[for="' + select.id + '"]');
      const container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) return;
      label.id = label.id || select.id + "-label";
      const box = container.querySelector(".select2-selection");
      const rendered = container.querySelector(".select2-selection__rendered");
      if (box && rendered) {
        box.setAttribute("aria-labelledby", label.id + " " + rendered.id);
        rendered.setAttribute("aria-labelledby", label.id);
      }
    });
  }

  function giveIconsARole() {
    document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function nameAll() {
    nameAutocompletes();
    giveIconsARole();
  }

  // select2 starts on jQuery's ready and the two-list pickers on load; both are done by load's end.
  window.addEventListener("load", function () {
    window.setTimeout(nameAll, 0);
  });
  document.addEventListener("formset:added", function () {
    window.setTimeout(nameAll, 0);
  });
})();
