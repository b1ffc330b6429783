# ruff: noqa: E501  (one translation per line reads best)
"""Bokmål for the standards work (helper `standards`): the CMRT and the RMI facility list,
OCDS published as open data, and the OpenAPI description."""

NB = {
    # RMI statuses and the reference list
    "Non-conformant": "Ikke i samsvar",
    "Outreach required": "Oppsøkende kontakt kreves",
    "In communication": "I dialog med RMI",
    "Not eligible": "Ikke kvalifisert",
    "Unknown status (to be checked)": "Ukjent status (må kontrolleres)",
    "status as written in the list": "status slik den står i listen",
    "The status exactly as the imported list spelled it.": "Statusen nøyaktig slik den importerte listen skrev den.",
    "Red flag": "Rødt flagg",
    "Passes": "Godkjent",
    "In progress": "Under arbeid",
    "Needs review": "Må vurderes",
    "Attention": "Oppmerksomhet",
    "Show them": "Vis dem",
    "What each status means for a CMRT": "Hva hver status betyr for en CMRT",
    "in the list: “%(text)s”": "i listen: «%(text)s»",
    "%(counter)s smelter has a status this app does not know. Check the imported list and correct it.": (
        "%(counter)s smelteverk har en status appen ikke kjenner. Kontroller den importerte listen og rett den.",
        "%(counter)s smelteverk har en status appen ikke kjenner. Kontroller den importerte listen og rett den.",
    ),
    "the status is empty": "statusen er tom",
    "the status is longer than 100 characters": "statusen er lengre enn 100 tegn",
    "line %(line)s '%(status)s'": "linje %(line)s «%(status)s»",
    "%(count)s smelter has a status this app does not know (%(rows)s). It was imported as 'Unknown status (to be checked)' with the text kept; the administrator must check it.": (
        "%(count)s smelteverk har en status appen ikke kjenner (%(rows)s). Det ble importert som «Ukjent status (må kontrolleres)» med teksten bevart; administratoren må kontrollere det.",
        "%(count)s smelteverk har en status appen ikke kjenner (%(rows)s). De ble importert som «Ukjent status (må kontrolleres)» med teksten bevart; administratoren må kontrollere dem.",
    ),
    "Row %(row)s: %(name)s is a red flag on the RMI list (status: %(status)s).": "Rad %(row)s: %(name)s er et rødt flagg på RMI-listen (status: %(status)s).",
    # CMRT: the officer's advice, the company in the file, duplicates
    "The declaration's effective date is %(date)s, more than 12 months ago.": "Erklæringen gjelder fra %(date)s, mer enn 12 måneder siden.",
    "Ask for an updated CMRT.": "Be om en oppdatert CMRT.",
    "The company in the file, %(company)s, is not the supplier %(supplier)s.": "Selskapet i filen, %(company)s, er ikke leverandøren %(supplier)s.",
    "Check with the supplier that the file covers what it delivers (a parent company's CMRT can be right), or ask for its own CMRT.": "Avklar med leverandøren at filen dekker det den leverer (et morselskaps CMRT kan være riktig), eller be om leverandørens egen CMRT.",
    "The company id in the file, %(id)s, is not the supplier's registry number (%(ours)s).": "Selskaps-ID-en i filen, %(id)s, er ikke leverandørens organisasjonsnummer (%(ours)s).",
    "Check that the file is this supplier's own declaration.": "Kontroller at filen er denne leverandørens egen erklæring.",
    "This file was already uploaded on %(date)s (CMRT %(version)s, %(company)s); it was not stored again. To send changes, save them in the workbook and upload it again.": "Denne filen ble allerede lastet opp %(date)s (CMRT %(version)s, %(company)s) og ble ikke lagret på nytt. Vil du sende endringer, lagrer du dem i arbeidsboken og laster den opp igjen.",
}
