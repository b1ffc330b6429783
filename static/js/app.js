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
