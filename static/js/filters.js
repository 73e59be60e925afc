// The collection filters, made quicker with JavaScript; every part works without it.
// - The filter panel opens by itself on a wide screen (on a phone the results come first).
// - Empty fields stay out of the address, so it reads as what was chosen.
// - The authority menu follows the region as it changes, and a name box narrows it.
(function () {
  "use strict";

  var WIDE = "(min-width: 48rem)";
  var MAX_AUTHORITIES = 3000;

  function openWidePanels() {
    if (!window.matchMedia(WIDE).matches) return;
    document.querySelectorAll("details[data-open-wide]").forEach(function (panel) {
      panel.open = true;
    });
  }

  function dropEmptyFields(form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input[name], select[name]").forEach(function (field) {
        if (!field.value.trim()) field.disabled = true;
      });
    });
    // Coming back to the page from the browser's cache must not leave fields disabled.
    window.addEventListener("pageshow", function () {
      form.querySelectorAll("[name]:disabled").forEach(function (field) {
        field.disabled = false;
      });
    });
  }

  function fetchAuthorities(url, found) {
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (page) {
        var all = found.concat(page.results || []);
        if (page.next && all.length < MAX_AUTHORITIES) return fetchAuthorities(page.next, all);
        return all;
      });
  }

  function enhanceAuthority(form, region, authority) {
    var base = form.getAttribute("data-authorities");
    var emptyOption = authority.querySelector("option[value='']");
    var options = Array.prototype.slice.call(authority.options).filter(function (option) {
      return option.value !== "";
    }).map(function (option) {
      return { value: option.value, text: option.textContent };
    });

    var finder = document.createElement("input");
    finder.type = "search";
    finder.id = authority.id + "-find";
    finder.className = "authority-finder";
    finder.placeholder = form.getAttribute("data-find-placeholder") || "";
    finder.setAttribute("aria-label", form.getAttribute("data-find-label") || "");
    finder.setAttribute("aria-controls", authority.id);
    // The name box filters the menu; it is not itself a filter.
    authority.parentNode.insertBefore(finder, authority);

    function render() {
      var words = finder.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var chosen = authority.value;
      authority.textContent = "";
      if (emptyOption) authority.appendChild(emptyOption);
      options.forEach(function (item) {
        var name = item.text.toLowerCase();
        var matches = words.every(function (word) { return name.indexOf(word) !== -1; });
        if (!matches && item.value !== chosen) return;
        var option = document.createElement("option");
        option.value = item.value;
        option.textContent = item.text;
        option.selected = item.value === chosen;
        authority.appendChild(option);
      });
      finder.hidden = options.length === 0;
    }

    function loadFor(code) {
      authority.value = "";
      if (!/^\d{6}$/.test(code)) {
        options = [];
        render();
        return;
      }
      var url = base + "?region=" + code + "&page_size=1000&fields=id,name,region_code";
      authority.setAttribute("aria-busy", "true");
      fetchAuthorities(url, [])
        .then(function (rows) {
          rows.sort(function (a, b) {
            return a.region_code === b.region_code
              ? a.name.localeCompare(b.name, "zh-Hans-CN")
              : a.region_code < b.region_code ? -1 : 1;
          });
          options = rows.map(function (row) { return { value: String(row.id), text: row.name }; });
          render();
        })
        .catch(function () {
          // Without the list, the form still works: applying the region fills the menu.
          options = [];
          render();
        })
        .then(function () { authority.removeAttribute("aria-busy"); });
    }

    region.addEventListener("change", function () { loadFor(region.value); });
    finder.addEventListener("input", render);
    render();
  }

  openWidePanels();
  document.querySelectorAll("form[data-filters]").forEach(function (form) {
    dropEmptyFields(form);
    var region = form.querySelector("select[name='region']");
    var authority = form.querySelector("select[name='authority']");
    if (region && authority && form.getAttribute("data-authorities")) {
      enhanceAuthority(form, region, authority);
    }
  });
})();
