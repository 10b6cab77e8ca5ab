// Numbers in the reader's choice of digits. <html data-digits="arabic-indic"> (set from the
// digits preference: incidents/localise.py) turns Western digits into Arabic-Indic ones; the
// server writes the page's own numbers with the template filter `numerals`, the same choice.
(function () {
  "use strict";
  var ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩";

  window.numerals = function (value) {
    var text = String(value);
    if (document.documentElement.getAttribute("data-digits") !== "arabic-indic") return text;
    return text.replace(/[0-9]/g, function (digit) { return ARABIC_INDIC.charAt(Number(digit)); });
  };
})();
