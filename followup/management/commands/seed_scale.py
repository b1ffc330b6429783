"""Seed a synthetic national dataset for benchmarks: ``seed_scale --suppliers N``.

Per 50 suppliers one buyer; per buyer 2 or 3 framework agreements (2.5 on average), one lot
each; per supplier about 4 sites, one award, 5 self-assessments (one per yearly round) of 20
answers, 10 findings (each linked to the supplier and its lot), 10 corrective actions and one
risk assessment. Every buyer gets an officer and a manager; the first supplier of every buyer
gets a supplier user (emails printed; one shared password).

Rows are written set-based with PostgreSQL COPY (no per-row ORM saves, no signals) and no
django-simple-history rows are written for the synthetic data. The output is deterministic for
a given --seed. A database that already holds synthetic data is refused unless --grow is given,
which extends the existing synthetic world to the larger N (the first N suppliers stay as they
are). PostgreSQL only.
"""

import datetime
import hashlib
import io
import json
import random
import time
import uuid
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from contracts.models import Award, Buyer, BuyerMembership, FrameworkAgreement, Lot
from criteria.models import Criterion, CriterionVersion
from followup import scoring
from followup.models import (
    Answer,
    Assessment,
    CorrectiveAction,
    Finding,
    FindingSupplier,
    Question,
    Questionnaire,
    ReportingRound,
    RiskAssessment,
)
from oslo_procurement.accounts.models import User
from suppliers.models import Site, Supplier, SupplierMembership

SUPPLIERS_PER_BUYER = 50
SITES_PER_SUPPLIER = 4
ROUND_YEARS = [2022, 2023, 2024, 2025, 2026]  # the last round is open
QUESTIONS = 20
FINDINGS_PER_SUPPLIER = 10
ACTIONS_PER_SUPPLIER = 10
BENCH_PASSWORD = "bench-Oslo-2026"  # noqa: S105  (synthetic benchmark data only)
EMAIL_DOMAIN = "bench.invalid"
REGISTRY_PREFIX = "SYN-"
CRITERION_PREFIX = "SYN-C"
TOTP_DEVICE_NAME = "Bench authenticator"

COUNTRIES = ["CN", "TW", "VN", "MY", "TH", "IN", "MX", "CZ", "PL", "KR", "PH", "DE"]
ROLES = ["reseller", "brand_owner", "assembler", "component", "smelter"]
STAGES = ["raw_material", "component", "final_assembly"]
CATEGORIES = ["pcs", "monitors", "tablets", "smartphones", "peripherals"]
RISK_LEVELS = ["very_high", "high", "medium_high", "medium", "low"]
WORDS = ["Nordic", "Pacific", "Delta", "Apex", "Lumen", "Vertex", "Orion", "Crest", "Fjord", "Harbor", "Summit", "Nova"]
ISSUES = [
    "overtime",
    "student_agency",
    "forced_labour",
    "association",
    "health_safety",
    "chemicals",
    "recruitment",
    "wages",
    "child_labour",
    "conflict_minerals",
]
SOURCES = ["ngo_report", "media", "audit", "monitoring", "grievance", "transparency_account"]
FINDING_STATUSES = ["new", "raised", "remedying", "closed", "disputed"]
ACTION_STATUSES = ["open", "in_progress", "evidence_submitted", "verified_closed"]


def _text(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (dict, list)):
        value = json.dumps(value)
    elif isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    else:
        value = str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _score(answers):
    """Assessment.score as followup.scoring gives it for the seeded answers (every question
    weighs 1; a yes/no/partly answer earns 1, 0.5 or 0, the text answers are filled in)."""
    group = scoring.GroupScore(key=None, label="")
    for q, choice, review, _severity in answers:
        if review in ("accepted", "non_compliant"):
            points = Decimal("1") if q % 5 == 4 else scoring.YES_NO_PARTLY_POINTS[choice]
            state = scoring.COUNTED if review == "accepted" else scoring.NON_COMPLIANT
            group.add(scoring.AnswerScore(question=None, answer=None, weight=1, points=points, state=state))
    return group.percent


class Table:
    """COPY writer for one table: explicit ids from max(id)+1, every NOT NULL column filled
    from the model's defaults unless the row gives it."""

    def __init__(self, model_or_table, now, columns=None):
        if isinstance(model_or_table, str):
            self.table = model_or_table
            self.columns = list(columns)
            self.defaults = {}
        else:
            meta = model_or_table._meta
            self.table = meta.db_table
            self.columns = [f.column for f in meta.concrete_fields]
            self.defaults = {}
            for field in meta.concrete_fields:
                if field.column == "id":
                    continue
                if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                    self.defaults[field.column] = _text(now)
                elif field.has_default() and not callable(field.default):
                    self.defaults[field.column] = _text(field.get_default())
                elif field.has_default() and field.default is not uuid.uuid4:
                    self.defaults[field.column] = _text(field.get_default())
                elif field.null or field.blank:
                    self.defaults[field.column] = "\\N" if field.null else ""
        with connection.cursor() as cursor:
            # The table name is a model's own, no input (an identifier cannot be a query parameter).
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{self.table}"')  # noqa: S608  # nosec B608  # nosemgrep: oslo-sql-string-formatting
            self.next_id = cursor.fetchone()[0] + 1
        self.buffer = io.StringIO()
        self.rows = 0
        self.total = 0

    def add(self, **values):
        row_id = self.next_id
        self.next_id += 1
        values["id"] = row_id
        out = []
        for column in self.columns:
            if column in values:
                out.append(_text(values[column]))
            elif column in self.defaults:
                out.append(self.defaults[column])
            else:
                raise CommandError(f"{self.table}.{column} has no value")
        self.buffer.write("\t".join(out))
        self.buffer.write("\n")
        self.rows += 1
        if self.rows >= 50_000:
            self.flush()
        return row_id

    def flush(self):
        if not self.rows:
            return
        self.buffer.seek(0)
        cols = ", ".join(f'"{c}"' for c in self.columns)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f'COPY "{self.table}" ({cols}) FROM STDIN', self.buffer)
        self.total += self.rows
        self.rows = 0
        self.buffer = io.StringIO()

    def finish(self):
        self.flush()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{self.table}\"', 'id'), "  # noqa: S608  # nosec B608
                f'(SELECT COALESCE(MAX(id), 1) FROM "{self.table}"))'
            )
        return self.total


def bench_totp_key(email):
    """The synthetic staff user's authenticator key (hex, 20 bytes), derived from the email
    address so that a benchmark can compute the current code (django_otp.oath.TOTP) and log
    in through the real two-factor step. Synthetic benchmark accounts only."""
    return hashlib.sha1(f"oslo-procurement-bench-totp:{email}".encode(), usedforsecurity=False).hexdigest()


def seed_bench_two_factor():
    """A confirmed authenticator app for every synthetic officer and manager that has none
    (staff must pass two-factor). Safe to run again."""
    staff = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}", role__in=["officer", "manager"]).exclude(
        totpdevice__confirmed=True
    )
    TOTPDevice.objects.bulk_create(
        [
            TOTPDevice(user=user, name=TOTP_DEVICE_NAME, key=bench_totp_key(user.email), confirmed=True)
            for user in staff.only("pk", "email")
        ]
    )


class Command(BaseCommand):
    help = (
        "Seed a synthetic national dataset for benchmarks (PostgreSQL COPY, deterministic, "
        "no simple-history rows for synthetic data). Refuses a database that already has "
        "synthetic data unless --grow extends it to the larger N."
    )

    def add_arguments(self, parser):
        parser.add_argument("--suppliers", type=int, required=True, help="N; rounded up to a multiple of 50.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--grow", action="store_true", help="Extend existing synthetic data to N suppliers.")

    def handle(self, *args, suppliers, seed, grow, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale needs PostgreSQL (it uses COPY).")
        target = -(-suppliers // SUPPLIERS_PER_BUYER) * SUPPLIERS_PER_BUYER
        existing = Supplier.objects.filter(foreign_registry_id__startswith=REGISTRY_PREFIX).count()
        if existing and not grow:
            raise CommandError(f"This database already has {existing} synthetic suppliers; use --grow to extend it.")
        if existing >= target:
            raise CommandError(f"Already {existing} synthetic suppliers; --suppliers must be larger to grow.")
        started = time.perf_counter()
        with transaction.atomic():
            counts = self._seed(existing, target, seed)
            seed_bench_two_factor()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        for name, count in counts.items():
            self.stdout.write(f"  {name:<22} {count:>10,}")
        self.stdout.write(
            self.style.SUCCESS(f"Seeded suppliers {existing:,} → {target:,} in {elapsed:.1f} s (seed {seed}).")
        )
        self.stdout.write(
            f"Logins (password {BENCH_PASSWORD}): officer-0000@{EMAIL_DOMAIN}, manager-0000@{EMAIL_DOMAIN}, "
            f"supplier-0000000@{EMAIL_DOMAIN} (one officer and manager per buyer NNNN, "
            f"one supplier user per buyer's first supplier). Staff pass two-factor with an authenticator "
            f"key derived from their email (bench_totp_key in this module)."
        )

    # --- the shared catalogue ------------------------------------------------------------------

    def _criteria(self, now):
        versions = list(
            CriterionVersion.objects.filter(criterion__code__startswith=CRITERION_PREFIX).order_by("criterion__code")
        )
        if versions:
            return [v.pk for v in versions]
        criteria = Criterion.objects.bulk_create(
            [
                Criterion(code=f"{CRITERION_PREFIX}{n:02d}", kind="self_assessment", oecd_step=1 + n % 6)
                for n in range(QUESTIONS)
            ]
        )
        versions = CriterionVersion.objects.bulk_create(
            [
                CriterionVersion(
                    criterion=c,
                    version=1,
                    status="active",
                    title_nb=f"Syntetisk kriterium {n}",
                    title_en=f"Synthetic criterion {n}",
                    text_nb="Leverandøren skal dokumentere aktsomhetsvurderinger.",
                    text_en="The supplier shall document its due diligence.",
                    effective_from=datetime.date(2020, 1, 1),
                )
                for n, c in enumerate(criteria)
            ]
        )
        return [v.pk for v in versions]

    # --- everything per buyer and supplier -------------------------------------------------------

    def _seed(self, lo, hi, seed):
        now = timezone.now()
        password = make_password(BENCH_PASSWORD)
        version_ids = self._criteria(now)
        t = {
            name: Table(model, now)
            for name, model in [
                ("buyers", Buyer),
                ("users", User),
                ("buyer_memberships", BuyerMembership),
                ("agreements", FrameworkAgreement),
                ("lots", Lot),
                ("questionnaires", Questionnaire),
                ("questions", Question),
                ("rounds", ReportingRound),
                ("suppliers", Supplier),
                ("supplier_memberships", SupplierMembership),
                ("sites", Site),
                ("awards", Award),
                ("assessments", Assessment),
                ("answers", Answer),
                ("findings", Finding),
                ("finding_suppliers", FindingSupplier),
                ("actions", CorrectiveAction),
                ("risk_assessments", RiskAssessment),
            ]
        }
        t["award_lots"] = Table(Award.lots.through._meta.db_table, now, ["id", "award_id", "lot_id"])
        t["finding_lots"] = Table(Finding.lots.through._meta.db_table, now, ["id", "finding_id", "lot_id"])

        for b in range(lo // SUPPLIERS_PER_BUYER, hi // SUPPLIERS_PER_BUYER):
            rng = random.Random(seed * 1_000_003 + b)

            def uid(rng=rng):
                return uuid.UUID(int=rng.getrandbits(128), version=4)

            buyer_id = t["buyers"].add(name=f"Synthetic buyer {b:04d}", public_id=uid(), country="NO")
            officer_id = t["users"].add(
                email=f"officer-{b:04d}@{EMAIL_DOMAIN}", full_name=f"Officer {b}", role="officer", password=password
            )
            manager_id = t["users"].add(
                email=f"manager-{b:04d}@{EMAIL_DOMAIN}", full_name=f"Manager {b}", role="manager", password=password
            )
            t["buyer_memberships"].add(user_id=officer_id, buyer_id=buyer_id)
            t["buyer_memberships"].add(user_id=manager_id, buyer_id=buyer_id)

            questionnaire_id = t["questionnaires"].add(
                buyer_id=buyer_id,
                public_id=uid(),
                title_nb="Egenvurdering",
                title_en="Self-assessment",
                status="published",
                published_at=now,
            )
            question_ids = [
                t["questions"].add(
                    questionnaire_id=questionnaire_id,
                    criterion_version_id=version_ids[q],
                    public_id=uid(),
                    order=q + 1,
                    text_nb=f"Spørsmål {q + 1}: har dere rutiner for dette?",
                    text_en=f"Question {q + 1}: do you have procedures for this?",
                    answer_type="text" if q % 5 == 4 else "yes_no_partly",
                )
                for q in range(QUESTIONS)
            ]

            agreements = []  # (agreement_id, lot_id, [round ids])
            for a in range(3 if b % 2 == 0 else 2):
                start = datetime.date(2021, 1 + a, 1)
                agreement_id = t["agreements"].add(
                    buyer_id=buyer_id,
                    public_id=uid(),
                    reference=f"SYN-{b:04d}-{a}",
                    title=f"Synthetic ICT agreement {b}-{a}",
                    value=str(rng.randint(10, 900) * 1_000_000),
                    start_date=start,
                    end_date=datetime.date(2027, 1 + a, 1),
                    status="active",
                )
                lot_id = t["lots"].add(
                    agreement_id=agreement_id,
                    public_id=uid(),
                    number=1,
                    title="PCs and monitors",
                    category=CATEGORIES[(b + a) % len(CATEGORIES)],
                    risk_raw_material="very_high",
                    risk_component="high",
                    risk_final_assembly="high",
                )
                round_ids = [
                    t["rounds"].add(
                        agreement_id=agreement_id,
                        questionnaire_id=questionnaire_id,
                        public_id=uid(),
                        title_nb=f"Egenvurdering {year}",
                        title_en=f"Self-assessment {year}",
                        opens_on=datetime.date(year, 3, 1),
                        deadline=datetime.date(year, 5, 1),
                        status="open" if year == ROUND_YEARS[-1] else "closed",
                        created_by_id=officer_id,
                    )
                    for year in ROUND_YEARS
                ]
                agreements.append((agreement_id, lot_id, round_ids))

            for i in range(b * SUPPLIERS_PER_BUYER, (b + 1) * SUPPLIERS_PER_BUYER):
                country = COUNTRIES[rng.randrange(len(COUNTRIES))]
                supplier_id = t["suppliers"].add(
                    public_id=uid(),
                    legal_name=f"{WORDS[rng.randrange(len(WORDS))]} {WORDS[rng.randrange(len(WORDS))]} "
                    f"Electronics {i:07d}",
                    foreign_registry_id=f"{REGISTRY_PREFIX}{i:07d}",
                    country=country,
                    role=ROLES[rng.randrange(len(ROLES))],
                    transparency_act_covered=rng.random() < 0.3,
                    # Its award below is in force (COPY fires no save: contracts.awarded).
                    has_award=True,
                )
                if i % SUPPLIERS_PER_BUYER == 0:
                    user_id = t["users"].add(
                        email=f"supplier-{i:07d}@{EMAIL_DOMAIN}",
                        full_name=f"Supplier user {i}",
                        role="supplier",
                        language="en",
                        password=password,
                    )
                    t["supplier_memberships"].add(user_id=user_id, supplier_id=supplier_id, public_id=uid())
                site_ids = [
                    t["sites"].add(
                        supplier_id=supplier_id,
                        public_id=uid(),
                        name=f"Plant {s + 1} of {i}",
                        city="Shenzhen",
                        country=COUNTRIES[rng.randrange(len(COUNTRIES))],
                        stage=STAGES[s % 3],
                        products="notebooks",
                        product_categories=[CATEGORIES[s % len(CATEGORIES)]],
                        workers=rng.randint(50, 20000),
                    )
                    for s in range(SITES_PER_SUPPLIER)
                ]
                del site_ids
                agreement_id, lot_id, round_ids = agreements[i % len(agreements)]
                award_id = t["awards"].add(
                    agreement_id=agreement_id,
                    supplier_id=supplier_id,
                    public_id=uid(),
                    kind="contract_holder",
                    signed_on=datetime.date(2021, 6, 1),
                )
                t["award_lots"].add(award_id=award_id, lot_id=lot_id)

                for year, round_id in zip(ROUND_YEARS, round_ids, strict=True):
                    open_round = year == ROUND_YEARS[-1]
                    if open_round:
                        # The first supplier of each buyer keeps an editable questionnaire (portal bench).
                        status = (
                            "in_progress"
                            if i % SUPPLIERS_PER_BUYER == 0
                            else rng.choice(["not_started", "in_progress", "submitted", "returned"])
                        )
                    else:
                        status = "accepted"
                    submitted = (
                        timezone.make_aware(datetime.datetime(year, 4, rng.randint(1, 28)))
                        if status in ("submitted", "accepted", "returned")
                        else None
                    )
                    answers = []
                    if status != "not_started":
                        for q in range(len(question_ids)):
                            review, severity = "pending", ""
                            if status == "accepted":
                                roll = rng.random()
                                review = "non_compliant" if roll < 0.08 else "accepted"
                                severity = rng.choice(["low", "medium", "high", "critical"]) if roll < 0.08 else ""
                            choice = "" if q % 5 == 4 else rng.choice(["yes", "yes", "partly", "no"])
                            answers.append((q, choice, review, severity))
                    assessment_id = t["assessments"].add(
                        round_id=round_id,
                        supplier_id=supplier_id,
                        public_id=uid(),
                        status=status,
                        submitted_at=submitted,
                        accepted_at=submitted + datetime.timedelta(days=20) if status == "accepted" else None,
                        verdict=rng.choice(["compliant", "partly", "non_compliant"]) if status == "accepted" else "",
                        score=_score(answers),
                    )
                    for q, choice, review, severity in answers:
                        t["answers"].add(
                            assessment_id=assessment_id,
                            question_id=question_ids[q],
                            choice=choice,
                            text="We have a written procedure." if q % 5 == 4 else "",
                            explanation="See our policy, section 3.",
                            revision=1,
                            review=review,
                            severity=severity,
                            reviewed_by_id=officer_id if review != "pending" else None,
                            reviewed_at=submitted if review != "pending" else None,
                        )

                finding_ids = []
                for _f in range(FINDINGS_PER_SUPPLIER):
                    status = rng.choice(FINDING_STATUSES)
                    created = now - datetime.timedelta(days=rng.randint(1, 1500))
                    finding_id = t["findings"].add(
                        buyer_id=buyer_id,
                        public_id=uid(),
                        title=f"{ISSUES[rng.randrange(len(ISSUES))].replace('_', ' ').title()} at supplier {i}",
                        summary="Reported by a monitoring organisation.",
                        source_kind=rng.choice(SOURCES),
                        source_title="Monitoring report",
                        source_date=created.date(),
                        issue_type=rng.choice(ISSUES),
                        country=country,
                        severity=rng.randint(1, 4),
                        likelihood=rng.randint(1, 4),
                        status=status,
                        recorded_by_id=officer_id,
                        created_at=created,
                    )
                    finding_ids.append(finding_id)
                    t["finding_suppliers"].add(
                        finding_id=finding_id,
                        supplier_id=supplier_id,
                        raised_at=created if status != "new" else None,
                        raised_by_id=officer_id if status != "new" else None,
                    )
                    t["finding_lots"].add(finding_id=finding_id, lot_id=lot_id)

                for n in range(ACTIONS_PER_SUPPLIER):
                    status = rng.choice(ACTION_STATUSES)
                    closed = status == "verified_closed"
                    t["actions"].add(
                        buyer_id=buyer_id,
                        supplier_id=supplier_id,
                        public_id=uid(),
                        title=f"Corrective action {n + 1}",
                        description="Fix the issue and send evidence.",
                        severity=rng.randint(1, 4),
                        deadline=datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 1000)),
                        status=status,
                        finding_id=finding_ids[n % len(finding_ids)],
                        verified_by_id=officer_id if closed else None,
                        verified_at=now if closed else None,
                    )

                score = rng.randint(10, 250) / 10
                t["risk_assessments"].add(
                    buyer_id=buyer_id,
                    supplier_id=supplier_id,
                    inherent_score=str(score),
                    residual_score=str(round(score * 0.8, 1)),
                    residual_level=RISK_LEVELS[rng.randrange(len(RISK_LEVELS))],
                    explanation={},
                    inputs_digest=f"{i:064d}",
                )

        return {name: table.finish() for name, table in t.items()}
