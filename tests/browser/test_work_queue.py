"""The officer and the manager start on their work queue at a 1366 px laptop width: the
grouped menu shows without a hamburger and opens by keyboard, a line's link opens the list
of exactly what it counted, the language changes only on an explicit choice, and focus is
visible (at least 3:1) on the menu bar, on fields and on buttons. axe on every page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from oslo_procurement.accounts.models import User
from tests import factories as f
from tests.followup_workqueue.world import grow

from .conftest import assert_accessible, follow, login

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1366, "height": 800}


@pytest.fixture
def world():
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    manager = f.UserFactory(email="magnus@oslo.example", full_name="Magnus Leder", role=User.Role.MANAGER)
    for user in (officer, manager):
        f.BuyerMembershipFactory(user=user, buyer=buyer)
    grow(buyer, officer, 3, now=timezone.now())
    return {"buyer": buyer, "officer": officer, "manager": manager}


def _line(page, key):
    return page.locator(f"#line-{key}")


def test_officer_follows_a_line_to_its_list_and_uses_the_menu_by_keyboard(page, world):
    page.set_viewport_size(LAPTOP)
    login(page, world["officer"].email, f.PASSWORD)
    page.get_by_role("heading", name="Work queue").wait_for()
    assert_accessible(page)
    expect(_line(page, "overdue_actions")).to_contain_text("Overdue corrective actions")
    assert _line(page, "overdue_actions").get_attribute("data-count") == "3"
    assert _line(page, "escalations").count() == 0  # the managers' line

    # "My suppliers": two of the three are Ingrid's.
    page.get_by_role("link", name="My suppliers").click()
    assert _line(page, "overdue_actions").get_attribute("data-count") == "2"
    assert_accessible(page)

    _line(page, "overdue_actions").get_by_role("link").click()
    page.get_by_role("heading", name="Corrective actions").wait_for()
    assert page.locator("main table tbody tr").count() == 2
    assert_accessible(page)

    page.goto("/?mine=1")
    assert_accessible(page)
    _line(page, "expiring_evidence").get_by_role("link").click()
    page.get_by_role("heading", name="Evidence of contracted suppliers that expires within 30 days").wait_for()
    assert page.locator("main table tbody tr").count() == 2  # still "My suppliers"
    assert_accessible(page)

    # The menu at 1366 px: no hamburger, the groups visible, a dropdown opened by keyboard.
    nav = page.get_by_role("navigation", name="Main menu")
    expect(nav.get_by_role("button", name="Show menu")).to_be_hidden()
    for group in ("Registry", "Follow-up", "Reports", "Market dialogue"):
        expect(nav.get_by_role("button", name=group, exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Exchange", exact=True)).to_be_visible()
    expect(nav.get_by_label("Language")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    nav.get_by_role("button", name="Follow-up", exact=True).focus()
    page.keyboard.press("Enter")
    expect(nav.get_by_role("link", name="Corrective actions", exact=True)).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(nav.get_by_role("link", name="Self-assessments", exact=True)).to_be_focused()
    page.keyboard.press("Escape")
    expect(nav.get_by_role("link", name="Self-assessments", exact=True)).to_be_hidden()
    page.keyboard.press("Enter")
    for _ in range(6):
        page.keyboard.press("ArrowDown")
    expect(nav.get_by_role("link", name="Corrective actions", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Corrective actions").wait_for()
    assert_accessible(page)


def test_manager_sees_escalations_waiting_and_opens_them(page, world):
    page.set_viewport_size(LAPTOP)
    login(page, world["manager"].email, f.PASSWORD)
    page.get_by_role("heading", name="Work queue").wait_for()
    assert_accessible(page)
    line = _line(page, "escalations")
    expect(line).to_contain_text("Escalations waiting for a manager's approval")
    assert line.get_attribute("data-count") == "3"
    line.get_by_role("link").click()
    page.get_by_role("heading", name="Escalations awaiting approval").wait_for()
    assert page.locator("main table tbody tr").count() == 3
    assert_accessible(page)


def _luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# The focused element's outline colour and width, and the first opaque background behind it
# (the outline is drawn outside the element, so the element's own background does not count).
FOCUS_STYLE = """el => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const style = getComputedStyle(el);
  let node = el.parentElement, bg = [255, 255, 255];
  while (node) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) { bg = c.slice(0, 3); break; }
    node = node.parentElement;
  }
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          offset: parseFloat(style.outlineOffset), color: parse(style.outlineColor).slice(0, 3), bg};
}"""


def _assert_visible_focus(locator, *, inset_bg=None):
    info = locator.evaluate(FOCUS_STYLE)
    assert info["style"] == "solid" and info["width"] >= 2, info
    background = inset_bg or info["bg"]
    assert _contrast(info["color"], background) >= 3, info


def test_language_needs_an_explicit_choice_and_focus_is_visible(page, world):
    page.set_viewport_size(LAPTOP)
    login(page, world["officer"].email, f.PASSWORD)
    page.get_by_role("heading", name="Work queue").wait_for()
    assert_accessible(page)
    nav = page.get_by_role("navigation", name="Main menu")

    # WCAG 3.2.2: an arrow key on the language menu changes the selection, not the page.
    language = nav.get_by_label("Language")
    language.focus()
    url = page.url
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    assert page.url == url
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="Work queue")).to_be_visible()

    # Focus on the dark menu bar: a link, the language field and its button, a group button.
    page.keyboard.press("Shift+Tab")
    _assert_visible_focus(page.locator(":focus"))
    language.focus()
    page.keyboard.press("Tab")
    expect(nav.get_by_role("button", name="Change language")).to_be_focused()
    _assert_visible_focus(page.locator(":focus"))
    page.keyboard.press("Shift+Tab")
    _assert_visible_focus(page.locator(":focus"))
    nav.get_by_role("link", name="Work queue").focus()
    page.keyboard.press("Tab")
    expect(nav.get_by_role("button", name="Registry", exact=True)).to_be_focused()
    _assert_visible_focus(page.locator(":focus"))
    # An item of an open dropdown (light menu, outline drawn inside the item).
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    expect(nav.get_by_role("link", name="Suppliers", exact=True)).to_be_focused()
    item = page.locator(":focus")
    item_bg = item.evaluate("el => (getComputedStyle(el).backgroundColor.match(/[\\d.]+/g) || []).map(Number)")
    _assert_visible_focus(item, inset_bg=item_bg[:3] if len(item_bg) == 3 or item_bg[3] > 0.9 else None)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Suppliers").wait_for()

    # Fields and buttons on the light page.
    page.get_by_label("Search").focus()
    _assert_visible_focus(page.locator(":focus"))
    page.keyboard.press("Tab")
    _assert_visible_focus(page.locator(":focus"))
    page.get_by_role("button", name="Filter").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Filter")).to_be_focused()
    _assert_visible_focus(page.locator(":focus"))
    assert_accessible(page)

    # The explicit choice: pick Bokmål, press the button.
    language.select_option("nb")
    assert page.locator("html").get_attribute("lang") == "en"
    follow(page, nav.get_by_role("button", name="Change language"))
    assert page.locator("html").get_attribute("lang") == "nb"
    expect(page.get_by_role("heading", name="Leverandører")).to_be_visible()
    assert_accessible(page)
