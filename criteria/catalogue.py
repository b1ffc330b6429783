"""The seed catalogue: ILO instruments, the two ILO sets, and Oslo's standard social
criteria for ICT, in Norwegian Bokmål and English.

The wording is our own plain summary of the public sources named in DOMAIN.md (Oslo's
supplier pages, DFØ's contract clause and self-assessment, the RBA Code, Electronics
Watch, the Transparency Act); it is demo content, not legal text. ``seed_catalogue`` is
safe to run again: it matches rows by code (and by criterion and version number), brings
them back to the wording here, and writes history only where something changed.
"""

import datetime

from django.db import transaction

from oslo_procurement.core import save_record

from .models import Criterion, CriterionVersion, IloInstrument, IloInstrumentSet

P = IloInstrument.Principle
Kind = Criterion.Kind
Status = CriterionVersion.Status

OSLO_CRITERIA_START = datetime.date(2020, 12, 18)  # the framework agreement for PCs and tablets started
FUNDAMENTAL_2022_IN_CATALOGUE = datetime.date(2023, 1, 1)

# code, year, principle, fundamental, title_nb, title_en
ILO_INSTRUMENTS = [
    ("C29", 1930, P.FORCED_LABOUR, True, "Konvensjon om tvangsarbeid", "Forced Labour Convention"),
    (
        "P29",
        2014,
        P.FORCED_LABOUR,
        True,
        "Protokoll til konvensjonen om tvangsarbeid",
        "Protocol to the Forced Labour Convention",
    ),
    (
        "C105",
        1957,
        P.FORCED_LABOUR,
        True,
        "Konvensjon om avskaffelse av tvangsarbeid",
        "Abolition of Forced Labour Convention",
    ),
    (
        "C87",
        1948,
        P.ASSOCIATION,
        True,
        "Konvensjon om organisasjonsfrihet og vern av organisasjonsretten",
        "Freedom of Association and Protection of the Right to Organise Convention",
    ),
    (
        "C98",
        1949,
        P.ASSOCIATION,
        True,
        "Konvensjon om organisasjonsretten og retten til kollektive forhandlinger",
        "Right to Organise and Collective Bargaining Convention",
    ),
    (
        "C100",
        1951,
        P.DISCRIMINATION,
        True,
        "Konvensjon om lik lønn for arbeid av lik verdi",
        "Equal Remuneration Convention",
    ),
    (
        "C111",
        1958,
        P.DISCRIMINATION,
        True,
        "Konvensjon om diskriminering i arbeid og yrke",
        "Discrimination (Employment and Occupation) Convention",
    ),
    ("C138", 1973, P.CHILD_LABOUR, True, "Konvensjon om minstealder for arbeid", "Minimum Age Convention"),
    (
        "C182",
        1999,
        P.CHILD_LABOUR,
        True,
        "Konvensjon om de verste formene for barnearbeid",
        "Worst Forms of Child Labour Convention",
    ),
    (
        "C155",
        1981,
        P.SAFETY,
        True,
        "Konvensjon om helse og sikkerhet i arbeidslivet",
        "Occupational Safety and Health Convention",
    ),
    (
        "C187",
        2006,
        P.SAFETY,
        True,
        "Konvensjon om rammeverk for å fremme helse og sikkerhet i arbeidslivet",
        "Promotional Framework for Occupational Safety and Health Convention",
    ),
    ("C1", 1919, P.CONDITIONS, False, "Konvensjon om arbeidstid i industrien", "Hours of Work (Industry) Convention"),
    (
        "C14",
        1921,
        P.CONDITIONS,
        False,
        "Konvensjon om ukentlig hvile i industrien",
        "Weekly Rest (Industry) Convention",
    ),
    ("C95", 1949, P.CONDITIONS, False, "Konvensjon om vern av lønn", "Protection of Wages Convention"),
    ("C131", 1970, P.CONDITIONS, False, "Konvensjon om fastsetting av minstelønn", "Minimum Wage Fixing Convention"),
    (
        "C135",
        1971,
        P.ASSOCIATION,
        False,
        "Konvensjon om vern av arbeidstakernes representanter",
        "Workers' Representatives Convention",
    ),
    ("C170", 1990, P.SAFETY, False, "Konvensjon om sikker bruk av kjemikalier i arbeidet", "Chemicals Convention"),
    (
        "C181",
        1997,
        P.CONDITIONS,
        False,
        "Konvensjon om private arbeidsformidlingsbyråer",
        "Private Employment Agencies Convention",
    ),
    (
        "C190",
        2019,
        P.CONDITIONS,
        False,
        "Konvensjon om vold og trakassering i arbeidslivet",
        "Violence and Harassment Convention",
    ),
]

CORE_1998 = ["C29", "C87", "C98", "C100", "C105", "C111", "C138", "C182"]
FUNDAMENTAL_2022 = [*CORE_1998, "C155", "C187", "P29"]

ILO_SETS = [
    {
        "code": "core-1998",
        "name_nb": "ILOs åtte kjernekonvensjoner (1998)",
        "name_en": "ILO's eight core conventions (1998)",
        "valid_from": datetime.date(1998, 6, 18),
        "instruments": CORE_1998,
    },
    {
        "code": "fundamental-2022",
        "name_nb": "ILOs grunnleggende konvensjoner med protokoll P29 (2022)",
        "name_en": "ILO fundamental conventions with protocol P29 (2022)",
        "valid_from": datetime.date(2022, 6, 10),
        "instruments": FUNDAMENTAL_2022,
    },
]

_HUMAN_RIGHTS_TITLE = (
    "Respekt for grunnleggende menneskerettigheter i leverandørkjeden",
    "Respect for basic human rights in the supply chain",
)
_HUMAN_RIGHTS_TEXT_NB = (
    "Leverandøren skal, i egen virksomhet og gjennom hele leverandørkjeden, respektere de grunnleggende "
    "menneskerettighetene til arbeidstakerne som lager varene i kontrakten. Det gjelder {ilo_nb}, artikkel 32 i FNs "
    "barnekonvensjon, og arbeids- og arbeidsmiljølovgivningen i produksjonslandet, blant annet om lønn, arbeidstid, "
    "helse og sikkerhet og faste ansettelser. Leverandøren skal videreføre kravet til sine underleverandører."
)
_HUMAN_RIGHTS_TEXT_EN = (
    "In its own business and along the whole supply chain, the supplier shall respect the basic human rights of the "
    "workers who make the goods under the contract. This covers {ilo_en}, article 32 of the UN Convention on the "
    "Rights of the Child, and the labour and working-environment law of the production country, among other things "
    "on wages, working hours, health and safety, and regular employment. The supplier shall pass this requirement on "
    "to its subcontractors."
)
_HUMAN_RIGHTS_EVIDENCE = (
    "Leverandørens etiske retningslinjer for egne leverandører, og en bekreftelse på at kravet er videreført til "
    "underleverandørene.",
    "The supplier's code of conduct for its own suppliers, and a confirmation that the requirement has been passed "
    "on to its subcontractors.",
)


def _version(
    title,
    text,
    evidence,
    ilo=(),
    *,
    number=1,
    status=Status.ACTIVE,
    ilo_set=None,
    effective_from=OSLO_CRITERIA_START,
    effective_to=None,
    change_note="",
):
    return {
        "version": number,
        "status": status,
        "title_nb": title[0],
        "title_en": title[1],
        "text_nb": text[0],
        "text_en": text[1],
        "evidence_nb": evidence[0],
        "evidence_en": evidence[1],
        "ilo_set": ilo_set,
        "ilo": list(ilo),
        "effective_from": effective_from,
        "effective_to": effective_to,
        "change_note": change_note,
    }


CRITERIA = [
    # --- Selection criteria (qualification) ----------------------------------------------
    {
        "code": "SEL-1",
        "kind": Kind.SELECTION,
        "oecd_step": 1,
        "versions": [
            _version(
                (
                    "Styringssystem for arbeidstaker- og menneskerettigheter",
                    "Management system for labour and human rights",
                ),
                (
                    "Leverandøren skal ha et styringssystem som ivaretar arbeidstaker- og menneskerettigheter i egen "
                    "virksomhet og i leverandørkjeden. Systemet skal minst omfatte en policy vedtatt av ledelsen, en "
                    "navngitt ansvarlig person eller funksjon, rutiner for å vurdere risiko, og rutiner for å følge "
                    "opp underleverandører.",
                    "The supplier shall have a management system that safeguards labour and human rights in its own "
                    "business and in its supply chain. As a minimum the system covers a policy adopted by "
                    "management, a named person or function in charge, routines for assessing risk, and routines for "
                    "following up subcontractors.",
                ),
                (
                    "En beskrivelse av styringssystemet med policy, ansvar og rutiner. For merkeeiere og "
                    "sluttmontører dokumenterer gjeldende medlemskap i Responsible Business Alliance (RBA) deler av "
                    "kravet.",
                    "A description of the management system with its policy, responsibilities and routines. For "
                    "brand owners and final assemblers, current membership of the Responsible Business Alliance "
                    "(RBA) documents part of the requirement.",
                ),
            )
        ],
    },
    {
        "code": "SEL-2",
        "kind": Kind.SELECTION,
        "oecd_step": 2,
        "versions": [
            _version(
                ("System for sporbarhet", "Traceability system"),
                (
                    "Leverandøren skal ha et system som gjør det mulig å spore varene i kontrakten bakover i "
                    "leverandørkjeden: hvilke merkeeiere, sluttmontører og viktige komponentprodusenter som er med, "
                    "og hvor produksjonen foregår.",
                    "The supplier shall have a system that makes it possible to trace the goods under the contract "
                    "back through the supply chain: which brand owners, final assemblers and key component makers "
                    "are involved, and where production takes place.",
                ),
                (
                    "En beskrivelse av sporbarhetssystemet og, som eksempel, kartet over leverandørkjeden for ett av "
                    "de tilbudte produktene.",
                    "A description of the traceability system and, as an example, the supply-chain map for one of "
                    "the products offered.",
                ),
            )
        ],
    },
    {
        "code": "SEL-3",
        "kind": Kind.SELECTION,
        "oecd_step": 4,
        "versions": [
            _version(
                (
                    "Kvalitetssikring av etiske krav i høyrisikoanskaffelser",
                    "Quality assurance of ethical requirements in high-risk tenders",
                ),
                (
                    "Når risikoen for brudd på arbeidstaker- og menneskerettigheter er høy, kvalifiserer "
                    "leverandøren bare med et kvalitetssikringssystem som kontrollerer at de etiske kravene følges "
                    "gjennom leverandørkjeden, og med dokumentert sporbarhet for varene i kontrakten.",
                    "Where the risk of breaches of labour and human rights is high, a supplier qualifies only with a "
                    "quality-assurance system that checks that the ethical requirements are met through the supply "
                    "chain, and with documented traceability for the goods under the contract.",
                ),
                (
                    "En beskrivelse av hvordan etterlevelse kontrolleres, for eksempel revisjoner eller en "
                    "merkeordning som TCO Certified eller tilsvarende, med resultatene fra siste år.",
                    "A description of how compliance is checked, for example audits or a label such as TCO Certified "
                    "or equivalent, with the results of the past year.",
                ),
            )
        ],
    },
    # --- Standard contract clauses ----------------------------------------------------
    {
        "code": "CLA-1",
        "kind": Kind.CONTRACT_CLAUSE,
        "oecd_step": 1,
        "versions": [
            _version(
                _HUMAN_RIGHTS_TITLE,
                (
                    _HUMAN_RIGHTS_TEXT_NB.format(
                        ilo_nb="ILOs åtte kjernekonvensjoner (nr. 29, 87, 98, 100, 105, 111, 138 og 182)"
                    ),
                    _HUMAN_RIGHTS_TEXT_EN.format(
                        ilo_en="the ILO's eight core conventions (nos. 29, 87, 98, 100, 105, 111, 138 and 182)"
                    ),
                ),
                _HUMAN_RIGHTS_EVIDENCE,
                CORE_1998,
                number=1,
                status=Status.RETIRED,
                ilo_set="core-1998",
                effective_to=FUNDAMENTAL_2022_IN_CATALOGUE,
            ),
            _version(
                _HUMAN_RIGHTS_TITLE,
                (
                    _HUMAN_RIGHTS_TEXT_NB.format(
                        ilo_nb="ILOs grunnleggende konvensjoner slik de står fra 2022 (nr. 29 med protokollen fra "
                        "2014, 87, 98, 100, 105, 111, 138, 155, 182 og 187)"
                    ),
                    _HUMAN_RIGHTS_TEXT_EN.format(
                        ilo_en="the ILO's fundamental conventions as they stand from 2022 (nos. 29 with its 2014 "
                        "protocol, 87, 98, 100, 105, 111, 138, 155, 182 and 187)"
                    ),
                ),
                _HUMAN_RIGHTS_EVIDENCE,
                FUNDAMENTAL_2022,
                number=2,
                ilo_set="fundamental-2022",
                effective_from=FUNDAMENTAL_2022_IN_CATALOGUE,
                change_note="Cites the ten fundamental ILO conventions and protocol P29, after the ILO made safety "
                "and health a fundamental principle in 2022. / Viser til ILOs ti grunnleggende "
                "konvensjoner og protokoll P29 etter at helse og sikkerhet ble et grunnleggende prinsipp "
                "i 2022.",
            ),
        ],
    },
    {
        "code": "CLA-2",
        "kind": Kind.CONTRACT_CLAUSE,
        "oecd_step": 3,
        "versions": [
            _version(
                ("Organisasjonsfrihet der loven begrenser den", "Freedom of association where the law restricts it"),
                (
                    "Der nasjonal lov begrenser retten til å organisere seg og forhandle kollektivt (ILO-konvensjon "
                    "87 og 98), skal leverandøren sørge for at arbeidsgiverne i leverandørkjeden gir arbeidstakerne "
                    "andre måter å organisere seg og snakke med ledelsen på, for eksempel fritt valgte "
                    "representanter. Ingen skal straffes for å bruke disse rettighetene.",
                    "Where national law restricts the right to organise and to bargain collectively (ILO conventions "
                    "87 and 98), the supplier shall make sure that the employers in its supply chain give workers "
                    "other ways to organise and to speak with management, for example freely elected "
                    "representatives. No one shall be punished for using these rights.",
                ),
                (
                    "En beskrivelse av hvordan arbeidstakerne er representert ved de viktigste fabrikkene, og "
                    "eventuelle revisjonsfunn om oppsigelse av tillitsvalgte.",
                    "A description of how workers are represented at the main factories, and any audit findings on "
                    "worker representatives being dismissed.",
                ),
                ["C87", "C98", "C135"],
            )
        ],
    },
    {
        "code": "CLA-3",
        "kind": Kind.CONTRACT_CLAUSE,
        "oecd_step": 1,
        "versions": [
            _version(
                ("Retningslinjer og rutiner for aktsomhetsvurderinger", "Policies and routines for due diligence"),
                (
                    "Leverandøren skal ha skriftlige retningslinjer og rutiner for å kartlegge, forebygge og "
                    "håndtere risiko for brudd på kravene i leverandørkjeden, etter OECDs veileder for "
                    "aktsomhetsvurderinger. Retningslinjene skal være vedtatt av ledelsen og gjort kjent for "
                    "underleverandørene.",
                    "The supplier shall have written policies and routines to map, prevent and deal with the risk of "
                    "breaches of the requirements in its supply chain, following the OECD due-diligence guidance. "
                    "The policies shall be adopted by management and made known to subcontractors.",
                ),
                (
                    "Retningslinjene og rutinene. For merkeeiere og sluttmontører godtas gjeldende medlemskap i RBA "
                    "som dokumentasjon for deler av kravet.",
                    "The policies and routines. For brand owners and final assemblers, current RBA membership is "
                    "accepted as documentation of part of the requirement.",
                ),
            )
        ],
    },
    {
        "code": "CLA-4",
        "kind": Kind.CONTRACT_CLAUSE,
        "oecd_step": 5,
        "versions": [
            _version(
                ("Dokumentasjon på forespørsel", "Documentation on request"),
                (
                    "Når oppdragsgiveren ber om det, skal leverandøren innen fristen som er satt legge fram "
                    "dokumentasjon som viser at kravene følges i leverandørkjeden. Egenrapporteringen skal leveres "
                    "innen seks uker.",
                    "When the buyer asks, the supplier shall provide documentation by the deadline given, showing "
                    "that the requirements are met in its supply chain. The self-assessment shall be returned within "
                    "six weeks.",
                ),
                (
                    "Utfylt egenrapportering og de etterspurte dokumentene, levert innen fristen.",
                    "The completed self-assessment and the documents asked for, delivered by the deadline.",
                ),
            )
        ],
    },
    {
        "code": "CLA-5",
        "kind": Kind.CONTRACT_CLAUSE,
        "oecd_step": 4,
        "versions": [
            _version(
                ("Revisjoner hos leverandøren og underleverandørene", "Audits at the supplier and its subcontractors"),
                (
                    "Oppdragsgiveren, eller en tredjepart som oppdragsgiveren velger, kan revidere at kravene følges "
                    "hos hovedleverandøren og hos underleverandørene helt ned til produksjonsenhetene. Leverandøren "
                    "skal gi tilgang til lokaler, dokumenter og arbeidstakere, og sørge for at de som deltar ikke "
                    "blir straffet for det.",
                    "The buyer, or a third party of the buyer's choosing, may audit compliance at the main supplier "
                    "and at its subcontractors all the way down to the production units. The supplier shall give "
                    "access to premises, records and workers, and make sure that those who take part are not "
                    "punished for it.",
                ),
                (
                    "Revisjonsrapporter fra fabrikkene som lager varene i kontrakten, med status for hvert avvik.",
                    "Audit reports from the factories that make the goods under the contract, with the status of "
                    "each finding.",
                ),
            )
        ],
    },
    {
        "code": "CLA-6",
        "kind": Kind.CONTRACT_CLAUSE,
        "oecd_step": 6,
        "versions": [
            _version(
                ("Korrigerende tiltak og sanksjoner", "Corrective action and sanctions"),
                (
                    "Blir det funnet brudd på kravene, skal leverandøren innen en avtalt frist lage og gjennomføre "
                    "en plan for korrigerende tiltak, med tiltak, ansvarlige og frister, og bidra til at berørte "
                    "arbeidstakere får oppreisning. Følges ikke planen, kan oppdragsgiveren trappe opp: først "
                    "midlertidig stans i bestillinger, deretter dekningskjøp fra en annen leverandør, og ved "
                    "alvorlige brudd som ikke rettes uten ugrunnet opphold, heving av kontrakten.",
                    "If breaches of the requirements are found, the supplier shall draw up and carry out a "
                    "corrective action plan by an agreed deadline, naming measures, owners and dates, and help make "
                    "sure affected workers get remedy. If the plan is not kept, the buyer may step up: first a "
                    "temporary stop to orders, then replacement purchases from another supplier, and, for serious "
                    "breaches not put right without undue delay, termination of the contract.",
                ),
                (
                    "Planen for korrigerende tiltak med frister, og skriftlig dokumentasjon på tiltakene som er "
                    "gjennomført.",
                    "The corrective action plan with its deadlines, and written evidence of the measures carried out.",
                ),
            )
        ],
    },
    {
        "code": "CLA-7",
        "kind": Kind.CONTRACT_CLAUSE,
        "oecd_step": 2,
        "versions": [
            _version(
                ("Aktsomhetsvurderinger for konfliktmineraler", "Due diligence for conflict-free minerals"),
                (
                    "For PC-er og nettbrett skal leverandøren gjøre aktsomhetsvurderinger av tinn, tantal, wolfram "
                    "og gull (3TG) i produktene, etter OECDs veileder for ansvarlige mineralkjeder. Leverandøren "
                    "skal kartlegge smelteverkene i leverandørkjeden og arbeide for at mineralene kommer fra "
                    "smelteverk som er vurdert i RMIs program (RMAP) eller tilsvarende.",
                    "For PCs and tablets the supplier shall carry out due diligence on the tin, tantalum, tungsten "
                    "and gold (3TG) in the products, following the OECD guidance on responsible mineral supply "
                    "chains. The supplier shall map the smelters in its supply chain and work towards minerals from "
                    "smelters assessed under the RMI's programme (RMAP) or an equivalent.",
                ),
                (
                    "En utfylt Conflict Minerals Reporting Template (CMRT, versjon 6.x) med smelteverksliste, "
                    "fornyet hver vår.",
                    "A completed Conflict Minerals Reporting Template (CMRT, version 6.x) with its smelter list, "
                    "renewed every spring.",
                ),
                ["C29", "C138", "C182"],
            )
        ],
    },
    {
        "code": "CLA-8",
        "kind": Kind.CONTRACT_CLAUSE,
        "oecd_step": 5,
        "versions": [
            _version(
                ("Åpenhet om fabrikker", "Disclosure of factories"),
                (
                    "Leverandøren skal oppgi navn og adresse til fabrikkene som lager produktmodellene i kontrakten, "
                    "og, etter risiko, fabrikkene som lager de viktigste komponentene. Leverandøren skal dele funn "
                    "fra revisjoner, gi uavhengige overvåkere tilgang, beskytte arbeidstakere mot represalier og "
                    "vise skriftlig hvordan brudd er rettet opp.",
                    "The supplier shall give the names and addresses of the factories that make the product models "
                    "under the contract and, according to risk, of the factories that make the main components. The "
                    "supplier shall share audit findings, give independent monitors access, protect workers from "
                    "retaliation and show in writing how breaches have been put right.",
                ),
                (
                    "En fabrikkliste med navn, adresse og produksjonsledd, oppdatert når den endrer seg.",
                    "A factory list with name, address and production stage, updated whenever it changes.",
                ),
            )
        ],
    },
    # --- Self-assessment topics ---------------------------------------------------------
    {
        "code": "SA-1",
        "kind": Kind.SELF_ASSESSMENT,
        "oecd_step": 2,
        "versions": [
            _version(
                ("Arbeidstid og fridager", "Working hours and days off"),
                (
                    "Beskriv hvordan arbeidstiden styres ved fabrikkene. Arbeidsuken skal ikke være over 60 timer "
                    "medregnet overtid, overtid skal være frivillig, og alle skal ha minst én fridag hver sjuende "
                    "dag. Oppgi den lengste arbeidsuken som er registrert siste år.",
                    "Describe how working hours are managed at the factories. The working week shall not exceed 60 "
                    "hours including overtime, overtime shall be voluntary, and everyone shall have at least one day "
                    "off in seven. Give the longest working week recorded in the past year.",
                ),
                (
                    "Timelister eller revisjonsfunn om arbeidstid for de siste tolv månedene.",
                    "Time records or audit findings on working hours for the past twelve months.",
                ),
                ["C1", "C14"],
            )
        ],
    },
    {
        "code": "SA-2",
        "kind": Kind.SELF_ASSESSMENT,
        "oecd_step": 2,
        "versions": [
            _version(
                ("Studenter, praktikanter og innleide arbeidstakere", "Student, intern and agency workers"),
                (
                    "Oppgi hvor stor del av arbeidsstyrken ved fabrikkene som er studenter, praktikanter eller "
                    "innleid gjennom byrå. Studenter skal bare arbeide under en formell avtale med skolen, ikke på "
                    "overtid eller nattskift, og arbeidet skal være relevant for utdanningen. Innleide skal ha samme "
                    "vern som fast ansatte.",
                    "State what share of the workforce at the factories are students, interns or hired through "
                    "agencies. Students shall work only under a formal agreement with their school, not on overtime "
                    "or night shifts, and the work shall be relevant to their studies. Agency workers shall have the "
                    "same protection as permanent staff.",
                ),
                (
                    "Oversikt over ansettelsesformer per fabrikk og kopi av skoleavtalene.",
                    "A breakdown of employment types per factory and copies of the school agreements.",
                ),
                ["C29", "C138", "C181"],
            )
        ],
    },
    {
        "code": "SA-3",
        "kind": Kind.SELF_ASSESSMENT,
        "oecd_step": 3,
        "versions": [
            _version(
                ("Rekrutteringsgebyrer og identitetsdokumenter", "Recruitment fees and identity documents"),
                (
                    "Beskriv hvordan leverandøren sikrer at ingen arbeidstaker, heller ikke migrantarbeidere, "
                    "betaler gebyrer eller andre kostnader for å få jobb, og at verken arbeidsgiver eller byrå "
                    "holder tilbake pass, identitetspapirer eller lønn. Gebyrer som allerede er betalt, skal betales "
                    "tilbake.",
                    "Describe how the supplier makes sure that no worker, migrant workers included, pays fees or "
                    "other costs to get a job, and that neither employer nor agency holds on to passports, identity "
                    "papers or wages. Fees already paid shall be paid back.",
                ),
                (
                    "Rutiner for rekruttering og bruk av byråer, og resultater fra intervjuer med migrantarbeidere.",
                    "Routines for recruitment and for the use of agencies, and the results of interviews with "
                    "migrant workers.",
                ),
                ["C29", "P29", "C105", "C181"],
            )
        ],
    },
    {
        "code": "SA-4",
        "kind": Kind.SELF_ASSESSMENT,
        "oecd_step": 3,
        "versions": [
            _version(
                ("Helse, sikkerhet og farlige kjemikalier", "Health, safety and hazardous chemicals"),
                (
                    "Beskriv hvordan helse og sikkerhet ivaretas ved fabrikkene, særlig der arbeidstakere håndterer "
                    "farlige kjemikalier: risikovurderinger, verneutstyr, opplæring på et språk arbeidstakerne "
                    "forstår, og helsekontroller.",
                    "Describe how health and safety are looked after at the factories, above all where workers "
                    "handle hazardous chemicals: risk assessments, protective equipment, training in a language the "
                    "workers understand, and health checks.",
                ),
                (
                    "Kjemikalieliste med sikkerhetsdatablad, risikovurderingene og en oversikt over arbeidsulykker.",
                    "A chemicals inventory with safety data sheets, the risk assessments and a log of workplace "
                    "accidents.",
                ),
                ["C155", "C187", "C170"],
            )
        ],
    },
    {
        "code": "SA-5",
        "kind": Kind.SELF_ASSESSMENT,
        "oecd_step": 5,
        "versions": [
            _version(
                ("Redegjørelse etter åpenhetsloven", "Transparency Act account"),
                (
                    "Leverandører som omfattes av åpenhetsloven, skal lenke til sin siste redegjørelse for "
                    "aktsomhetsvurderinger, som skal publiseres innen 30. juni hvert år, og beskrive hvordan de "
                    "svarer på skriftlige informasjonskrav innen tre uker.",
                    "Suppliers covered by the Transparency Act shall link to their latest account of their due "
                    "diligence, which must be published by 30 June each year, and describe how they answer written "
                    "requests for information within three weeks.",
                ),
                (
                    "Lenke til den publiserte redegjørelsen og datoen den ble publisert.",
                    "A link to the published account and the date it was published.",
                ),
            )
        ],
    },
]


# A small national catalogue (owner empty), as the installation's administrators would keep
# DFØ's standard clause and self-assessment: our own plain summary, demo content. The clause
# has a newer version since the ILO made safety and health fundamental in 2022.
NATIONAL_CRITERIA = [
    {
        "code": "DFO-CLA-1",
        "kind": Kind.CONTRACT_CLAUSE,
        "oecd_step": 3,
        "versions": [
            _version(
                (
                    "Standard kontraktsvilkår om arbeidstaker- og menneskerettigheter",
                    "Standard contract clause on labour and human rights",
                ),
                (
                    "Leverandøren skal respektere ILOs åtte kjernekonvensjoner og arbeidsmiljølovgivningen i "
                    "produksjonslandet, følge opp risiko i leverandørkjeden og rette opp brudd som oppdragsgiver "
                    "påviser.",
                    "The supplier shall respect the ILO's eight core conventions and the working-environment law of "
                    "the production country, follow up risk in the supply chain and put right breaches the buyer "
                    "finds.",
                ),
                (
                    "Etiske retningslinjer og en oversikt over leverandørkjeden.",
                    "A code of conduct and an overview of the supply chain.",
                ),
                number=1,
                status=Status.RETIRED,
                ilo_set="core-1998",
                effective_to=FUNDAMENTAL_2022_IN_CATALOGUE,
            ),
            _version(
                (
                    "Standard kontraktsvilkår om arbeidstaker- og menneskerettigheter",
                    "Standard contract clause on labour and human rights",
                ),
                (
                    "Leverandøren skal respektere ILOs grunnleggende konvensjoner, også om helse og sikkerhet, og "
                    "arbeidsmiljølovgivningen i produksjonslandet, følge opp risiko i leverandørkjeden og rette opp "
                    "brudd som oppdragsgiver påviser.",
                    "The supplier shall respect the ILO's fundamental conventions, including those on safety and "
                    "health, and the working-environment law of the production country, follow up risk in the "
                    "supply chain and put right breaches the buyer finds.",
                ),
                (
                    "Etiske retningslinjer og en oversikt over leverandørkjeden.",
                    "A code of conduct and an overview of the supply chain.",
                ),
                number=2,
                ilo_set="fundamental-2022",
                effective_from=FUNDAMENTAL_2022_IN_CATALOGUE,
                change_note="Health and safety conventions C155 and C187 added (ILO 2022).",
            ),
        ],
    },
    {
        "code": "DFO-SA-1",
        "kind": Kind.SELF_ASSESSMENT,
        "oecd_step": 2,
        "versions": [
            _version(
                ("Egenerklæring om risikovurdering", "Self-assessment of risk assessment"),
                (
                    "Leverandøren beskriver hvordan den kartlegger og prioriterer risiko for brudd på "
                    "arbeidstaker- og menneskerettigheter i leverandørkjeden.",
                    "The supplier describes how it maps and ranks the risk of breaches of labour and human rights "
                    "in its supply chain.",
                ),
                ("Siste risikovurdering.", "The latest risk assessment."),
            )
        ],
    },
]


@transaction.atomic
def seed_catalogue(*, actor, owner=None) -> dict:
    """Create or update the seed catalogue in ``owner``'s catalogue (a buyer; None: the
    national catalogue), with the small national catalogue beside it, and the buyer's
    adoption of the national clause's first version (so the demo shows a newer national
    version to adopt). Safe to run twice. Returns the number of instruments, sets,
    criteria and versions in the seed, and how many history-tracked rows (criteria and
    versions) were created or changed by this run."""
    tally = {"created": 0, "changed": 0}

    instruments = {}
    for code, year, principle, fundamental, title_nb, title_en in ILO_INSTRUMENTS:
        instruments[code], _created = IloInstrument.objects.update_or_create(
            code=code,
            defaults={
                "year": year,
                "principle": principle,
                "fundamental": fundamental,
                "title_nb": title_nb,
                "title_en": title_en,
            },
        )

    sets = {}
    for row in ILO_SETS:
        values = {key: row[key] for key in ("name_nb", "name_en", "valid_from")}
        sets[row["code"]], _created = IloInstrumentSet.objects.update_or_create(code=row["code"], defaults=values)
        sets[row["code"]].instruments.set([instruments[code] for code in row["instruments"]])

    owner_id = owner.pk if owner is not None else None
    version_count = _seed_criteria(CRITERIA, owner_id, sets, instruments, actor, tally)
    national = {}
    national_count = _seed_criteria(NATIONAL_CRITERIA, None, sets, instruments, actor, tally, national)
    if owner_id is not None:
        # The buyer adopted the national clause's first version when it came out.
        source = national["DFO-CLA-1"][1]
        adopted = _upsert(
            Criterion,
            {"owner_id": owner_id, "code": source.criterion.code},
            {"kind": source.criterion.kind, "oecd_step": source.criterion.oecd_step, "adopted_from": source.criterion},
            actor,
            tally,
        )
        values = {name: getattr(source, name) for name in ("title_nb", "title_en", "text_nb", "text_en")}
        values.update(
            evidence_nb=source.evidence_nb,
            evidence_en=source.evidence_en,
            ilo_set_id=source.ilo_set_id,
            status=Status.ACTIVE,
            effective_from=OSLO_CRITERIA_START,
            effective_to=None,
            adopted_from=source,
            change_note="Adopted from the national catalogue.",
        )
        _upsert(
            CriterionVersion,
            {"criterion": adopted, "version": 1},
            values,
            actor,
            tally,
            m2m={"ilo_instruments": list(source.ilo_instruments.all())},
        )
        version_count += 1

    return {
        "ilo_instruments": len(instruments),
        "ilo_sets": len(sets),
        "criteria": len(CRITERIA) + (1 if owner_id is not None else 0),
        "versions": version_count,
        "national_criteria": len(NATIONAL_CRITERIA),
        "national_versions": national_count,
        **tally,
    }


def _seed_criteria(rows, owner_id, sets, instruments, actor, tally, seeded=None):
    count = 0
    for row in rows:
        criterion = _upsert(
            Criterion,
            {"owner_id": owner_id, "code": row["code"]},
            {"kind": row["kind"], "oecd_step": row["oecd_step"]},
            actor,
            tally,
        )
        # Oldest first, so a retired version ends before the active one is written.
        for spec in sorted(row["versions"], key=lambda v: v["version"]):
            values = {key: value for key, value in spec.items() if key not in ("version", "ilo", "ilo_set")}
            values["ilo_set_id"] = sets[spec["ilo_set"]].pk if spec["ilo_set"] else None
            version = _upsert(
                CriterionVersion,
                {"criterion": criterion, "version": spec["version"]},
                values,
                actor,
                tally,
                m2m={"ilo_instruments": [instruments[code] for code in spec["ilo"]]},
            )
            if seeded is not None:
                seeded.setdefault(row["code"], {})[spec["version"]] = version
            count += 1
    return count


def _upsert(model, lookup, values, actor, tally, *, m2m=None):
    """Create the row, or update it when it differs from ``values``; unchanged rows are
    not saved, so a second run writes no history."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        tally["created"] += 1
    elif _differs(obj, values, m2m):
        for key, value in values.items():
            setattr(obj, key, value)
        tally["changed"] += 1
    else:
        return obj
    return save_record(obj, actor=actor, m2m=m2m)


def _differs(obj, values, m2m):
    if any(getattr(obj, key) != value for key, value in values.items()):
        return True
    for name, related in (m2m or {}).items():
        if set(getattr(obj, name).values_list("pk", flat=True)) != {r.pk for r in related}:
            return True
    return False
