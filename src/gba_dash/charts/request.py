"""A chart as a page model asks for it: the builder and its arguments, not yet built."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ChartRequest:
    """`builder(*args, **kwargs)`, built by the caller (the served spec, or plain Altair)."""

    builder: Callable[..., Any]
    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def build(self) -> Any:
        return self.builder(*self.args, **self.kwargs)


def request(builder: Callable[..., Any], *args: Any, **kwargs: Any) -> ChartRequest:
    return ChartRequest(builder, args, dict(kwargs))
