// Behaviour that needs script; every page also works without it.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// The supplier form's register lookup: the legal name from the Brønnøysund register fills the
// name field (suppliers/_register_lookup.html); the officer can still change it.
document.addEventListener("htmx:afterSwap", function (event) {
  if (event.target.id !== "register-lookup") {
    return;
  }
  var found = event.target.querySelector("[data-register-name]");
  var name = document.getElementById("id_legal_name");
  if (found && name) {
    name.value = found.getAttribute("data-register-name");
    var country = document.getElementById("id_country");
    if (country && country.querySelector('option[value="NO"]')) {
      country.value = "NO";
    }
  }
});

// Move focus to an element that is not focusable by itself (a message, a heading).
function focusElement(element) {
  if (!element.hasAttribute("tabindex") && !element.matches("a[href], button, input, select, textarea")) {
    element.setAttribute("tabindex", "-1");
  }
  element.focus();
}

// Wide tables scroll inside their own region rather than pushing the page sideways
// (WCAG 1.4.10). A table outside a ".table-responsive" gets one; a region that scrolls is
// made reachable by keyboard and named after its table's caption (WCAG 2.1.1).
function tableRegions() {
  Array.prototype.forEach.call(document.querySelectorAll("main table"), function (table) {
    var wrapper = table.closest(".table-responsive");
    if (!wrapper) {
      wrapper = document.createElement("div");
      wrapper.className = "table-responsive";
      table.parentNode.insertBefore(wrapper, table);
      wrapper.appendChild(table);
    }
    if (wrapper.scrollWidth > wrapper.clientWidth + 1) {
      if (!wrapper.hasAttribute("tabindex")) {
        var caption = table.querySelector("caption");
        var heading = wrapper.previousElementSibling;
        var name = caption ? caption.textContent : heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : "";
        wrapper.setAttribute("tabindex", "0");
        wrapper.setAttribute("role", "region");
        wrapper.setAttribute("aria-label", (name || document.title).trim().replace(/\s+/g, " "));
        wrapper.setAttribute("data-scroll-region", "");
      }
    } else if (wrapper.hasAttribute("data-scroll-region")) {
      ["tabindex", "role", "aria-label", "data-scroll-region"].forEach(function (attribute) {
        wrapper.removeAttribute(attribute);
      });
    }
  });
}
document.addEventListener("DOMContentLoaded", tableRegions);
window.addEventListener("resize", function () {
  window.clearTimeout(tableRegions.timer);
  tableRegions.timer = window.setTimeout(tableRegions, 150);
});
document.addEventListener("htmx:afterSettle", tableRegions);

// A form page that did not save: focus the error summary, so a screen reader reads the
// errors at once and a keyboard user starts from them (WCAG 3.3.1).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    focusElement(summary);
  }
});

// A link in the error summary focuses its field (a fragment link only scrolls to it).
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-error-summary] a[href^='#']");
  if (!link) {
    return;
  }
  var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
  if (field) {
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  }
});

// htmx replaces the element that held focus (a review button inside the answer it
// swaps): focus would fall to <body>. Remember the swapped region, and after the swap
// focus its message (data-swap-focus, role="alert" or role="status"), else its heading,
// else the region itself (WCAG 2.4.3). A swap the user was not in (polling) leaves focus alone.
var swapRegionId = null;
document.addEventListener("htmx:beforeSwap", function (event) {
  var target = event.detail.target;
  var active = document.activeElement;
  swapRegionId = null;
  if (target && active && active !== document.body && target.contains(active)) {
    if (!target.id) {
      target.id = "htmx-swap-" + Date.now();
    }
    swapRegionId = target.id;
  }
});
document.addEventListener("htmx:afterSettle", function () {
  if (!swapRegionId) {
    return;
  }
  var region = document.getElementById(swapRegionId);
  swapRegionId = null;
  var active = document.activeElement;
  if (!region || (active && active !== document.body && document.contains(active))) {
    return;
  }
  var message = region.querySelector("[data-swap-focus], [role='alert'], [role='status']");
  var heading = region.querySelector("h1, h2, h3, h4, h5, h6");
  focusElement(message || heading || region);
});
