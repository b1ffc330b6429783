"""A client for the Brønnøysund Register Centre's open API (Enhetsregisteret).

Plain HTTP with a hard deadline: `fetch_unit` never waits longer than BRREG_TIMEOUT seconds in
all (connecting, waiting for the answer and reading it), so a register that accepts and never
answers cannot hold a request or a worker. The same parser reads the API's answers and the units
of the register's bulk download (`manage.py load_brreg`), which come in the same JSON format.

Documented at https://data.brreg.no/enhetsregisteret/api/dokumentasjon/no/index.html
"""

import json
from dataclasses import dataclass, field
from datetime import date
from http.client import HTTPConnection, HTTPException, HTTPSConnection
from time import monotonic
from urllib.parse import quote, urlsplit

from django.conf import settings

MAX_BYTES = 1_000_000  # one unit is a few kilobytes


class RegisterUnavailable(Exception):
    """The register could not be reached or gave an answer we cannot read."""


@dataclass(frozen=True)
class RegisterUnit:
    org_number: str
    name: str
    organisation_form_code: str = ""
    organisation_form: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    country_code: str = ""
    nace_code: str = ""
    nace_description: str = ""
    employees: int | None = None
    bankrupt: bool = False
    under_liquidation: bool = False
    forced_dissolution: bool = False
    deleted_on: date | None = None
    deleted: bool = False
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def business_address(self):
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.address, place) if part)


def _date(value):
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def parse_unit(data, *, deleted=False) -> RegisterUnit:
    """A unit in the register's JSON format (`enhet`) as a RegisterUnit."""
    if not isinstance(data, dict) or not data.get("organisasjonsnummer"):
        raise RegisterUnavailable("not a unit")
    form = data.get("organisasjonsform") or {}
    address = data.get("forretningsadresse") or data.get("postadresse") or {}
    nace = data.get("naeringskode1") or {}
    employees = data.get("antallAnsatte")
    deleted_on = _date(data.get("slettedato"))
    return RegisterUnit(
        org_number=str(data["organisasjonsnummer"]),
        name=str(data.get("navn") or ""),
        organisation_form_code=str(form.get("kode") or ""),
        organisation_form=str(form.get("beskrivelse") or ""),
        address=", ".join(str(line) for line in (address.get("adresse") or []) if line),
        postcode=str(address.get("postnummer") or ""),
        city=str(address.get("poststed") or ""),
        country_code=str(address.get("landkode") or ""),
        nace_code=str(nace.get("kode") or ""),
        nace_description=str(nace.get("beskrivelse") or ""),
        employees=employees if isinstance(employees, int) and employees >= 0 else None,
        bankrupt=data.get("konkurs") is True,
        under_liquidation=data.get("underAvvikling") is True,
        forced_dissolution=data.get("underTvangsavviklingEllerTvangsopplosning") is True,
        deleted_on=deleted_on,
        deleted=deleted or deleted_on is not None,
    )


def _get(url, timeout):
    """(status, body) of a GET, within `timeout` seconds in all."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RegisterUnavailable(f"bad register URL {url!r}")
    deadline = monotonic() + timeout
    connection_class = HTTPSConnection if parts.scheme == "https" else HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", path, headers={"Accept": "application/json", "User-Agent": "oslo-procurement"})
        sock = connection.sock  # kept: the connection forgets it when the answer says "close"

        def remaining():
            left = deadline - monotonic()
            if left <= 0:
                raise TimeoutError("register timeout")
            sock.settimeout(left)

        remaining()
        response = connection.getresponse()
        body = bytearray()
        while True:
            remaining()
            chunk = response.read1(65536)
            if not chunk:
                break
            body += chunk
            if len(body) > MAX_BYTES:
                raise RegisterUnavailable("answer too large")
        return response.status, bytes(body)
    except (OSError, HTTPException) as exc:  # TimeoutError is an OSError
        raise RegisterUnavailable(str(exc) or exc.__class__.__name__) from exc
    finally:
        connection.close()


def fetch_unit(org_number: str) -> RegisterUnit | None:
    """The unit with this organisation number; None when the register does not know it.

    A deleted unit (410 Gone, or an answer with `slettedato`) comes back with `deleted` set.
    Raises RegisterUnavailable when the register is switched off, cannot be reached within
    BRREG_TIMEOUT seconds, or answers something else."""
    if not settings.BRREG_ENABLED:
        raise RegisterUnavailable("the register lookup is switched off (BRREG_ENABLED)")
    url = f"{settings.BRREG_URL.rstrip('/')}/enheter/{quote(org_number, safe='')}"
    status, body = _get(url, settings.BRREG_TIMEOUT)
    if status == 404:
        return None
    if status not in (200, 410):
        raise RegisterUnavailable(f"HTTP {status}")
    try:
        data = json.loads(body.decode("utf-8")) if body else {}
    except (UnicodeDecodeError, ValueError) as exc:
        raise RegisterUnavailable("not JSON") from exc
    if status == 410:
        # The register answers a deleted unit with 410 and (usually) its number and slettedato.
        data = {"organisasjonsnummer": org_number, **(data if isinstance(data, dict) else {})}
        return parse_unit(data, deleted=True)
    return parse_unit(data)
