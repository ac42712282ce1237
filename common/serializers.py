"""The backup's serialization format ("exactjson"): Django's JSON format, but times keep their
microseconds. DjangoJSONEncoder cuts them to milliseconds, so a restored row would differ from the
one backed up (registration and history times). Registered in SERIALIZATION_MODULES."""

from __future__ import annotations

import datetime as dt

from django.core.serializers.json import Deserializer as Deserializer  # noqa: PLC0414 - the module's API
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactEncoder)
        super()._init_options()
