/* Heart & Soul, every page: the header's "Menu" on narrow screens, closing open dropdowns
 * (<details data-dropdown>), and "Log out" as one click. Everything here is an enhancement:
 * without JavaScript the menu stays unfolded, the dropdowns open and close on their own and
 * "Log out" leads to a confirmation page. base.html loads this right after the header (not
 * deferred), so it only looks inside the header. */
(function () {
  "use strict";

  // The width below which site.css folds the menu (its 64rem breakpoint).
  var NARROW = window.matchMedia("(max-width: 63.99rem)");

  function enhanceMenu(header) {
    var button = header.querySelector("[data-menu-button]");
    var menu = header.querySelector("[data-menu]");
    // The login page has nothing to fold away: no button there.
    if (!button || !menu || !menu.querySelector("a, input, button, summary")) { return; }
    button.hidden = false;
    header.classList.add("has-menu-button");

    function setOpen(open) {
      header.classList.toggle("is-menu-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    setOpen(false);
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && NARROW.matches && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  function enhanceDropdowns() {
    var dropdowns = Array.prototype.slice.call(document.querySelectorAll("[data-site-header] details[data-dropdown]"));
    if (!dropdowns.length) { return; }
    // A dropdown closes when the listener clicks elsewhere or presses Escape inside it.
    document.addEventListener("click", function (event) {
      dropdowns.forEach(function (dropdown) {
        if (dropdown.open && !dropdown.contains(event.target)) { dropdown.open = false; }
      });
    });
    dropdowns.forEach(function (dropdown) {
      dropdown.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && dropdown.open) {
          dropdown.open = false;
          dropdown.querySelector("summary").focus();
          event.stopPropagation();
        }
      });
    });
  }

  function csrfTokenFromCookie() {
    var match = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function enhanceLogout() {
    document.querySelectorAll("[data-site-header] a[data-logout]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        // Django accepts the cookie's value as the form token. Without the cookie, the
        // link's confirmation page asks and carries a token of its own.
        var token = csrfTokenFromCookie();
        if (!token) { return; }
        event.preventDefault();
        var form = document.createElement("form");
        form.method = "post";
        form.action = link.href;
        form.hidden = true;
        var field = document.createElement("input");
        field.type = "hidden";
        field.name = "csrfmiddlewaretoken";
        field.value = token;
        form.appendChild(field);
        document.body.appendChild(form);
        form.submit();
      });
    });
  }

  document.querySelectorAll("[data-site-header]").forEach(enhanceMenu);
  enhanceDropdowns();
  enhanceLogout();
})();
