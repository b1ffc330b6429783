"""``{% load zones %}``: ``{{ moment|zoned }}`` shows a time in the reader's zone with
the zone named ("14:00 (Taipei)"); ``{% zone_label %}`` names the active zone."""

from django import template

from .. import zones

register = template.Library()


@register.filter
def zoned(value, fmt="SHORT_DATETIME_FORMAT"):
    return zones.zoned(value, fmt)


@register.simple_tag
def zone_label():
    return zones.zone_label()
