// Autosave of the self-assessment answer page (templates/portal/followup/assessment_detail.html).
//
// The page works without this script: it is one form, and each question's Save button (or
// Save all) posts it. With the script, each question block (data-autosave-question) saves
// on its own, a moment after typing stops or at once on a change, with the answer's
// revision; the server saves only if nobody saved it since (HTTP 409 otherwise).
// Nothing typed is dropped: on a conflict, a lost session or a lost connection the text
// stays in the field and the block says what happened, so the user can press Save again.
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var TYPING_DELAY = 1200;
  var questions = {};

  function message(name) {
    return form.getAttribute("data-msg-" + name) || "";
  }

  function csrfToken() {
    // Read the cookie each time: logging in again in another tab gives a new token.
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function Question(section) {
    this.section = section;
    this.prefix = section.getAttribute("data-autosave-question");
    this.status = section.querySelector("[data-autosave-status]");
    this.timer = null;
    this.dirty = false;
    this.saving = null;
    this.conflict = false;
  }

  Question.prototype.fields = function () {
    return this.section.querySelectorAll("[name^='" + this.prefix + "-']");
  };

  Question.prototype.show = function (text, kind) {
    if (!this.status) {
      return;
    }
    this.status.textContent = text;
    this.status.classList.toggle("text-danger", kind === "error");
    this.status.classList.toggle("text-success", kind === "ok");
    this.section.classList.toggle("border-danger", kind === "error");
  };

  // A refused answer (a hard plausibility rule, a wrong value): the message at the field.
  Question.prototype.fieldErrors = function (errors) {
    var self = this;
    Array.prototype.forEach.call(this.section.querySelectorAll("[data-autosave-error]"), function (box) {
      var name = box.id.slice(self.prefix.length + 1, -"-error".length);
      var input = self.section.querySelector("[name='" + self.prefix + "-" + name + "']");
      var list = (errors && errors[name]) || [];
      box.textContent = "";
      list.forEach(function (error) {
        var line = document.createElement("div");
        line.className = "invalid-feedback d-block";
        line.textContent = error.message;
        box.appendChild(line);
      });
      if (input) {
        if (list.length) {
          input.setAttribute("aria-invalid", "true");
        } else {
          input.removeAttribute("aria-invalid");
        }
      }
    });
  };

  // An answer outside the usual range (a soft rule) was saved: ask for the reason.
  Question.prototype.softRules = function (messages) {
    var box = this.section.querySelector("[data-rule-explanation]");
    if (!box) {
      return;
    }
    var warning = box.querySelector("[data-rule-warning]");
    if (warning) {
      warning.textContent = messages.join(" ");
    }
    box.hidden = messages.length === 0;
  };

  Question.prototype.body = function () {
    var data = new FormData();
    Array.prototype.forEach.call(this.fields(), function (field) {
      if (field.disabled || ((field.type === "checkbox" || field.type === "radio") && !field.checked)) {
        return;
      }
      data.append(field.name, field.value);
    });
    data.append("autosave", this.prefix);
    data.append("csrfmiddlewaretoken", csrfToken());
    return data;
  };

  Question.prototype.changed = function (delay) {
    this.dirty = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(this.save.bind(this), delay);
  };

  Question.prototype.save = function () {
    var self = this;
    clearTimeout(this.timer);
    if (this.saving) {
      // Save again once the request on its way has come back.
      return this.saving.then(function () {
        return self.dirty ? self.save() : true;
      });
    }
    if (this.conflict) {
      this.show(this.conflict, "error");
      return Promise.resolve(false);
    }
    this.dirty = false;
    this.show(message("saving"), "");
    this.saving = fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: this.body(),
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (response.type === "opaqueredirect" || !json) {
          // The session expired (a redirect to the login page) or the CSRF token is stale.
          self.dirty = true;
          self.show(message("logged-out"), "error");
          return false;
        }
        return response.json().then(function (body) {
          if (response.ok) {
            var revision = self.section.querySelector("input[name='" + self.prefix + "-revision']");
            if (revision) {
              revision.value = body.revision;
            }
            self.show(body.message, "ok");
            self.fieldErrors(null);
            self.softRules(body.soft || []);
            var badge = document.querySelector("[data-assessment-status] .badge");
            if (badge && body.status) {
              badge.textContent = body.status;
            }
            var missing = document.getElementById("missing-box");
            if (missing && body.missing_html) {
              missing.innerHTML = body.missing_html;
            }
            return true;
          }
          if (response.status === 409) {
            self.conflict = body.message;
          }
          self.dirty = response.status !== 409;
          self.fieldErrors(body.errors || null);
          self.show(body.message || message("error"), "error");
          return false;
        });
      })
      .catch(function () {
        self.dirty = true;
        self.show(message("offline"), "error");
        return false;
      })
      .then(function (ok) {
        self.saving = null;
        if (ok && self.dirty) {
          // The user typed on while the answer was being saved.
          self.changed(TYPING_DELAY);
        }
        return ok;
      });
    return this.saving;
  };

  Array.prototype.forEach.call(form.querySelectorAll("[data-autosave-question]"), function (section) {
    var question = new Question(section);
    questions[question.prefix] = question;
  });

  function questionOf(element) {
    var section = element.closest("[data-autosave-question]");
    return section ? questions[section.getAttribute("data-autosave-question")] : null;
  }

  form.addEventListener("input", function (event) {
    var question = questionOf(event.target);
    if (question) {
      question.changed(TYPING_DELAY);
    }
  });

  form.addEventListener("change", function (event) {
    var question = questionOf(event.target);
    if (question) {
      question.changed(0);
    }
  });

  form.addEventListener("submit", function (event) {
    // Save with script instead of a page load, so an expired session cannot lose the text.
    event.preventDefault();
    var button = event.submitter;
    var status = document.getElementById("save-all-status");
    if (button && questions[button.value]) {
      questions[button.value].save();
      return;
    }
    var pending = Object.keys(questions)
      .map(function (prefix) {
        return questions[prefix];
      })
      .filter(function (question) {
        return question.dirty || question.saving;
      });
    if (status) {
      status.textContent = message("saving");
    }
    pending
      .reduce(function (previous, question) {
        return previous.then(function (allOk) {
          return question.save().then(function (ok) {
            return allOk && ok;
          });
        });
      }, Promise.resolve(true))
      .then(function (allOk) {
        if (status) {
          status.textContent = allOk ? message("all-saved") : message("error");
          status.classList.toggle("text-danger", !allOk);
        }
      });
  });

  window.addEventListener("beforeunload", function (event) {
    var unsaved = Object.keys(questions).some(function (prefix) {
      return questions[prefix].dirty || questions[prefix].saving;
    });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
