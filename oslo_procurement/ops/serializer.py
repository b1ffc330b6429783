"""Django's JSON Lines serialisation for backups, giving back every row exactly:

- times to the microsecond (Django's own JSON encoder cuts them to milliseconds);
- the rows of automatic many-to-many tables as records of their own, with their ids,
  instead of a list of ids inside each object (which loading would insert anew, with new
  ids and new history rows). The backup writes those tables itself (ops/backup.py).

Reading is Django's."""

import datetime

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder

    def handle_m2m_field(self, obj, field):
        # Django writes only automatic many-to-many tables here; they are dumped as their own records.
        return


Deserializer = jsonl.Deserializer
