"""Issue 8: one test walks every API endpoint as every role.

The URL patterns of the ``api`` namespace are enumerated, so a new endpoint without an
expectation here (tests/api/world.py: KINDS and VISIBLE) fails the suite. For every role,
each list must hold exactly the records the role may read, each of those records must
open one by one, every other record of the world must answer 404 (or 403 where the role
may not read the kind at all, 401 without a valid token), and no answer may carry the id
of a record the role may not see, nor an internal text to a supplier or open-data token.

(tests/test_access_walk.py walks the screens; it leaves the ``api`` namespace to this file.)"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import auth
from .world import DENIED, KINDS, MARKER, REFERENCES, SEES_INTERNAL, UNAUTHENTICATED, VISIBLE

PUBLIC = {"api:schema", "api:docs"}  # they describe the API, no data
ROOT = {"api:api-root"}
# Published open data, the same for every token: tests/followup_exchange/test_ocds_open_data.py.
OPEN_DATA = {"api:ocds-buyer", "api:ocds-agreement"}


def api_url_names():
    def walk(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or ""
                full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                yield from walk(entry.url_patterns, full)
            elif isinstance(entry, URLPattern) and entry.name and namespace == "api":
                yield f"{namespace}:{entry.name}"

    return set(walk(get_resolver().url_patterns))


def ident(kind, obj):
    """How a record is identified in the API's answers."""
    if kind == "risk":
        return str(obj.supplier.public_id)
    if kind == "ilo-instrument":
        return obj.code
    return str(obj.public_id)


def returned_ident(kind, item):
    if kind == "risk":
        return item["supplier"]["id"]
    if kind == "ilo-instrument":
        return item["code"]
    return item["id"]


def detail_url(kind, obj):
    return reverse(f"api:{kind}-detail", args=[ident(kind, obj)])


def test_every_api_url_has_an_expectation():
    router_names = {f"api:{kind}-{suffix}" for kind in KINDS for suffix in ("list", "detail")}
    names = api_url_names()
    assert names - PUBLIC - ROOT - OPEN_DATA - router_names == set(), "add the new endpoint to tests/api/world.py"
    assert router_names - names == set(), "an endpoint of tests/api/world.py is gone"
    for role, kinds in VISIBLE.items():
        assert set(kinds) == set(KINDS), role


def _all_ids(world):
    """Every id of the world that appears as an id in answers (risk rows have none of their own)."""
    return {ident(kind, world[key]): key for kind, keys in KINDS.items() if kind != "risk" for key in keys}


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_each_role_reads_exactly_what_it_may(client, world, tokens, role):
    headers = auth(tokens[role])
    bodies = []
    for kind, universe in KINDS.items():
        expected = VISIBLE[role][kind]
        response = client.get(reverse(f"api:{kind}-list"), {"page_size": 100}, **headers)
        if expected == DENIED:
            assert response.status_code == 403, (role, kind)
            for key in universe:
                assert client.get(detail_url(kind, world[key]), **headers).status_code == 403, (role, kind, key)
            continue
        assert response.status_code == 200, (role, kind, response.content[:300])
        page = response.json()
        assert page["next"] is None and page["count"] == len(page["results"])
        got = [returned_ident(kind, item) for item in page["results"]]
        assert sorted(got) == sorted(ident(kind, world[key]) for key in expected), (role, kind)
        bodies.append(response.content.decode())

        if kind == "risk":
            # Read by supplier id: the figure is always the viewer's own buyer's.
            mine = {ident(kind, world[key]): world[key] for key in expected}
            for item in page["results"]:
                assert item["residual_score"] == float(mine[item["supplier"]["id"]].residual_score), role
            for supplier_key in ("sup_a", "sup_b", "sup_c", "sup_x"):
                supplier_id = str(world[supplier_key].public_id)
                response = client.get(reverse("api:risk-detail", args=[supplier_id]), **headers)
                if supplier_id in mine:
                    assert response.status_code == 200, (role, supplier_key)
                    assert response.json()["residual_score"] == float(mine[supplier_id].residual_score)
                else:
                    assert response.status_code == 404, (role, supplier_key)
            continue

        for key in universe:
            response = client.get(detail_url(kind, world[key]), **headers)
            if key in expected:
                assert response.status_code == 200, (role, kind, key)
                assert returned_ident(kind, response.json()) == ident(kind, world[key])
                bodies.append(response.content.decode())
            else:
                assert response.status_code == 404, (role, kind, key)

    # Nothing of another organisation anywhere, not even as a reference inside a record.
    visible = {key for kinds in VISIBLE[role].values() if kinds != DENIED for key in kinds}
    visible |= REFERENCES.get(role, set())
    forbidden = {value: key for value, key in _all_ids(world).items() if key not in visible}
    everything = "\n".join(bodies)
    leaked = sorted(key for value, key in forbidden.items() if value in everything)
    assert leaked == [], f"{role} received ids of {leaked}"
    if role in SEES_INTERNAL:
        assert MARKER in everything  # the buyer's staff do read the internal notes
    else:
        assert MARKER not in everything, f"{role} received an internal text"


@pytest.mark.parametrize("role", UNAUTHENTICATED)
def test_without_a_valid_token_every_endpoint_answers_401(client, world, tokens, role):
    headers = auth(tokens[role])
    urls = [reverse("api:api-root")]
    for kind, universe in KINDS.items():
        urls.append(reverse(f"api:{kind}-list"))
        urls += [detail_url(kind, world[key]) for key in universe]
    for url in urls:
        response = client.get(url, **headers)
        assert response.status_code == 401, (role, url)
        assert response["WWW-Authenticate"].startswith("Token"), url
        assert MARKER not in response.content.decode()
    for name in PUBLIC:
        assert client.get(reverse(name), **headers).status_code == 200, (role, name)


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_every_token_reads_the_list_of_endpoints(client, tokens, role):
    response = client.get(reverse("api:api-root"), **auth(tokens[role]))
    assert response.status_code == 200
    assert set(response.json()) == {reverse(f"api:{kind}-list").split("/")[-2] for kind in KINDS}


def test_the_api_is_read_only(client, world, tokens):
    urls = [reverse(f"api:{kind}-list") for kind in KINDS]
    urls += [detail_url(kind, world[VISIBLE["officer_a"][kind].copy().pop()]) for kind in KINDS]
    for url in urls:
        for method in (client.post, client.put, client.patch, client.delete):
            assert method(url, {}, content_type="application/json", **auth(tokens["officer_a"])).status_code == 405
            assert method(url, {}, content_type="application/json").status_code == 401


def test_bearer_works_like_token(client, world, tokens):
    response = client.get(reverse("api:supplier-list"), **auth(tokens["officer_a"], keyword="Bearer"))
    assert response.status_code == 200
    assert response.json()["count"] == 3  # sup_a and sup_b (awarded) and sup_x (awarded by no buyer)


def test_a_logged_in_browser_session_reads_nothing(client, world, officer):
    """The API takes tokens only: the screens' session cookie is not enough."""
    client.force_login(officer)
    assert client.get(reverse("api:supplier-list")).status_code == 401
