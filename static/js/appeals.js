// The applicant's pages, enhanced: everything works without this script.
(function () {
  "use strict";

  // After a failed submit, the error summary takes the focus (the page title
  // already starts with "Error:" for those without this script).
  function focusSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary && document.activeElement !== summary) {
      summary.focus();
    }
  }

  // A link in the summary focuses its answer and scrolls its question into
  // view, not just the input (which would hide the label above it).
  function linkSummary() {
    var links = document.querySelectorAll(".error-summary a[href^='#']");
    Array.prototype.forEach.call(links, function (link) {
      link.addEventListener("click", function (event) {
        var input = document.getElementById(link.getAttribute("href").slice(1));
        if (!input) {
          return;
        }
        event.preventDefault();
        var fieldset = input.closest("fieldset");
        var legend = fieldset && fieldset.querySelector("legend");
        var label = document.querySelector("label[for='" + input.id + "']");
        var question = (input.type === "radio" || input.type === "checkbox") && legend
          ? legend : label || input;
        question.scrollIntoView();
        input.focus({ preventScroll: true });
      });
    });
  }

  // Conditional reveal: the follow-up questions show under the chosen radio.
  function conditionalReveal() {
    var inputs = document.querySelectorAll("input[data-aria-controls]");
    if (!inputs.length) {
      return;
    }
    Array.prototype.forEach.call(inputs, function (input) {
      var target = document.getElementById(input.getAttribute("data-aria-controls"));
      if (target) {
        input.setAttribute("aria-controls", target.id);
        input.removeAttribute("data-aria-controls");
      }
    });
    function sync() {
      Array.prototype.forEach.call(inputs, function (input) {
        var target = document.getElementById(input.getAttribute("aria-controls"));
        if (target) {
          // No aria-expanded: a radio may not carry it (ARIA 1.2), and the
          // revealed questions follow the radio in reading order anyway.
          target.hidden = !input.checked;
        }
      });
    }
    Array.prototype.forEach.call(inputs, function (input) {
      var group = document.querySelectorAll("input[name='" + input.name + "']");
      Array.prototype.forEach.call(group, function (other) {
        other.addEventListener("change", sync);
      });
    });
    sync();
  }

  function start() {
    conditionalReveal();
    linkSummary();
    focusSummary();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
