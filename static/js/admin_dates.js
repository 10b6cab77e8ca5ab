// Incident dates are calendar dates, so the admin shows no "Note: You are 3 hours behind
// server time" under date and time fields. Django's DateTimeShortcuts.js adds that note on
// window load when the body's data-admin-utc-offset differs from the browser's offset; this
// (deferred) script removes the attribute first. Without it "Today" and "Now" are the
// browser's own day and time.
(function () {
  "use strict";
  delete document.body.dataset.adminUtcOffset;
})();
