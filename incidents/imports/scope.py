"""Which of a publisher's events the tracker records; the others are skipped and counted.

A raw export holds every kind of event its publisher codes (ACLED: protests and riots as
well as attacks). A row outside the scope is not an error: it is left out and counted by
its kind in the report. The analyst may choose the kinds to keep instead (--keep-type).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scope:
    whole: tuple | None = None  # kinds kept with all their sub-kinds; None: every kind
    parts: dict = field(default_factory=dict)  # kind → the only sub-kinds of it kept

    def skipped(self, kind, sub_kind="", keep=None, matched=None):
        """The row's kind as the report counts it when it is out of scope, else None.

        `keep`, when given, replaces the default scope: a set of kinds, sub-kinds or
        "kind/sub-kind" to keep; those the row has are added to `matched` (a set), so that
        the report can say which of them no row had (a typo: "Protest" for "Protests").
        A row without a kind is kept, for its check to report.
        """
        if not kind:
            return None
        if keep:
            named = {kind, sub_kind, f"{kind}/{sub_kind}"} & keep
            if matched is not None:
                matched |= named
            kept = bool(named)
        else:
            kept = self.whole is None or kind in self.whole or sub_kind in self.parts.get(kind, ())
        if kept:
            return None
        return f"{kind}/{sub_kind}" if kind in self.parts and sub_kind else kind
