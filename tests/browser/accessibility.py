"""axe-core (the pinned npm package, node_modules/axe-core) run in Chromium on a page.

The site's CSP allows scripts only from its own origin, so axe is injected into a browser
context made with `bypass_csp=True` (accessible_page): that context is for the axe run only;
tests of the CSP itself (test_csp.py) use ordinary contexts.
"""

from contextlib import contextmanager
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The impacts a page must have none of; axe's others are "moderate" and "minor".
FAILING_IMPACTS = ("serious", "critical")
# What axe checks: WCAG 2.1 A and AA (contrast AA included) and its best practices.
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

RUN_AXE = """async ([tags, impacts]) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.filter(v => impacts.includes(v.impact)).map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " ")),
  }));
}"""


@contextmanager
def accessible_page(browser, width=1280, height=900):
    """A page in a context that lets axe-core be injected despite the site's CSP."""
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        yield page
    finally:
        context.close()


def serious_violations(page):
    """axe-core's serious and critical violations on the page as it stands, each as
    {rule, impact, help, nodes: up to five "selector: why"}; [] when there are none."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, [RULE_TAGS, list(FAILING_IMPACTS)])
