"""Bokmål for the a11y branch's new messages (applied by apply_nb.py)."""

NB = {
    "Invite suppliers to %(topic)s": "Inviter leverandører til %(topic)s",
    "language of the text": "språket i teksten",
    "The language the title, summary and source are written in. Screen readers read them in it, also on "
    "pages in the other language.": "Språket tittelen, sammendraget og kilden er skrevet på. Skjermlesere leser "
    "dem på dette språket, også på sider på det andre språket.",
}
