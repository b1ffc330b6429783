"""Celery application. Tasks are thin: they take ids, load, and call one service."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oslo_procurement.settings")

app = Celery("oslo_procurement", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task modules inside an app's subpackages are not found by the default discovery.
app.autodiscover_tasks(["followup.reports", "followup.reminders", "followup.letters"])
