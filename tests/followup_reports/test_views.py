"""The dashboard and its drill-downs on screen: every linked number is the length of
the list it opens, the buyer's data only, a constant number of queries."""

import re

from django.urls import reverse

from followup.reports import figures

from . import worked


def test_manager_sees_the_dashboard_with_charts_and_tables(manager_client, buyer, world):
    response = manager_client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == len(figures.FIGURES)
    assert html.count("<title id=") == len(figures.FIGURES)
    assert "Submission rate: 4 of 6 invited submitted (67 %)" in html
    assert "Figures as of" in html


def test_every_number_on_the_page_opens_a_list_of_that_length(manager_client, buyer, world):
    html = manager_client.get(reverse("reports:dashboard")).content.decode()
    links = re.findall(r'<a href="(/reports/drilldown/[^"]+)">(\d+)<span', html)
    assert len(links) > 40
    for url, number in links:
        response = manager_client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200, url
        assert response.context["page"].paginator.count == int(number), url


def test_filtered_dashboard_links_keep_the_filters(manager_client, buyer, world):
    agreement = world["agreement_b"]
    response = manager_client.get(reverse("reports:dashboard"), {"agreement": agreement.public_id})
    html = response.content.decode()
    links = re.findall(r'<a href="(/reports/drilldown/[^"]+)">(\d+)<span', html)
    assert links and all(f"agreement={agreement.public_id}" in url for url, _n in links)
    for url, number in links:
        assert manager_client.get(url.replace("&amp;", "&")).context["page"].paginator.count == int(number)


def test_drilldown_lists_the_records(manager_client, buyer, world):
    response = manager_client.get(reverse("reports:drilldown", args=["assessment_timeliness"]), {"key": "late"})
    assert response.status_code == 200
    assert "Fjord Data AS" in response.content.decode()
    assert "Nordlys IT AS" not in response.content.decode()
    assert response.context["key_label"] == "Submitted late"


def test_unknown_figure_key_or_filter_is_404(manager_client, buyer, world, other_buyer):
    other = worked.build_other_buyer(other_buyer, world["s1"])
    url = reverse("reports:drilldown", args=["risk"])
    assert manager_client.get(reverse("reports:drilldown", args=["nope"]), {"key": "x"}).status_code == 404
    assert manager_client.get(url, {"key": "nope"}).status_code == 404
    assert manager_client.get(url, {"key": "high", "agreement": other.public_id}).status_code == 404
    response = manager_client.get(reverse("reports:dashboard"), {"agreement": other.public_id})
    assert response.status_code == 400


def test_another_buyers_records_never_count(client, other_officer, buyer, world, other_buyer):
    worked.build_other_buyer(other_buyer, world["s1"])
    client.force_login(other_officer)
    response = client.get(reverse("reports:dashboard"))
    figs = {figure.slug: figure for figure, _chart in response.context["figures"]}
    assert figs["findings"].counts() == {
        "child_labour:4": 1,
        "child_labour:3": 0,
        "child_labour:2": 0,
        "child_labour:1": 0,
        "child_labour:all": 1,
    }
    assert figs["assessment_timeliness"].counts()["overdue"] == 1
    response = client.get(reverse("reports:drilldown", args=["findings"]), {"key": "overtime:all"})
    assert response.context["page"].paginator.count == 0


def test_supplier_user_gets_403_on_every_report_url(client, supplier_a_user, buyer, world):
    from django.urls import get_resolver, resolve

    from .test_runs import every_report_url

    client.force_login(supplier_a_user)
    urls = every_report_url(buyer, world)
    names = {name for name in get_resolver("followup.reports.urls").reverse_dict if isinstance(name, str)}
    assert {resolve(url.split("?")[0]).url_name for url in urls} == names  # every report URL is walked
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url


def test_dashboard_queries_do_not_grow_with_the_data(manager_client, buyer, world, django_assert_max_num_queries):
    url = reverse("reports:dashboard")
    manager_client.get(url)  # warm the session
    with django_assert_max_num_queries(40) as small:
        assert manager_client.get(url).status_code == 200
    worked.add_suppliers(buyer, world, 15)
    with django_assert_max_num_queries(40) as large:
        response = manager_client.get(url)
    figs = {figure.slug: figure for figure, _chart in response.context["figures"]}
    assert figs["sites"].counts()["CN"] == 3 + 15
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def test_drilldown_queries_do_not_grow_with_the_data(manager_client, buyer, world, django_assert_max_num_queries):
    def count(slug, key):
        with django_assert_max_num_queries(40) as captured:
            response = manager_client.get(reverse("reports:drilldown", args=[slug]), {"key": key})
        assert response.status_code == 200
        return len(captured)

    keys = [("findings", "wages:all"), ("actions", "overdue"), ("sites", "CN"), ("compliance_step", "1:accepted")]
    worked.add_suppliers(buyer, world, 2)
    before = {key: count(*key) for key in keys}
    worked.add_suppliers(buyer, world, 15)
    assert {key: count(*key) for key in keys} == before


def test_a_figure_has_its_own_page(manager_client, buyer, world):
    response = manager_client.get(reverse("reports:drilldown", args=["sanctions"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="figure-sanctions-heading"' in html and 'role="img"' in html
    assert "?key=2" in html
