"""Unicode's bidirectional controls, which user-entered text may carry.

An override such as U+202E reverses the text after it up to the end of its paragraph, so a
name carrying one can make what follows it read differently ("claimed by" the wrong group).
HTML pages isolate every such name in a <bdi>, which contains its effect; plain text, such
as the Atom feed's titles or a page's <title>, has no isolation and gets the controls removed.
"""

# Embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), and the marks LRM,
# RLM and the Arabic letter mark.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_REMOVE = str.maketrans("", "", BIDI_CONTROLS)


def without_bidi_controls(text):
    return str(text).translate(_REMOVE)
