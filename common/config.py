"""Reading the office config: one TOML file, each part validating the sections it owns.

Every error names the file, the key and what is allowed, because the person reading it
is a technician at a site with no developer at hand.

The file is one for the whole office, but its sections belong to different parts: the
office-wide ones to everybody (`common.office`), `[compensation]` to the hub, `[kiosk]`
to the kiosk, and so on. A part reads the file through its own model (whose fields are
the sections it reads, each a `common.section.Section`) and leaves the other parts'
sections to them; a top-level name no part knows is refused by every part.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from common.errors import ConfigError

Model = TypeVar("Model", bound=BaseModel)


def read_toml(path: Path) -> dict[str, Any]:
    """The file's tables, or ConfigError saying why it cannot be read."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def load_config(path: Path | str, model: type[Model], others: Collection[str] = ()) -> Model:
    """Read and validate a config file as `model` reads it; `others`: the top-level
    sections other parts own, passed over unread (see `parse_config`)."""
    path = Path(path)
    return parse_config(read_toml(path), model, source=str(path), others=others)


def parse_config(
    raw: dict[str, Any], model: type[Model], source: str = "<config>", others: Collection[str] = ()
) -> Model:
    """Validate the top-level sections `model` has fields for; the names in `others`
    belong to other parts and are theirs to check. Any other name is a mistake."""
    own = list(model.model_fields)
    allowed = own + [name for name in others if name not in own]
    unknown = [key for key in raw if key not in allowed]
    if unknown:
        raise ConfigError(
            "\n".join(
                f"{source}: {key}: unknown key; allowed here: {', '.join(allowed)}"
                for key in unknown
            )
        )
    try:
        return model.model_validate({key: raw[key] for key in raw if key in own})
    except ValidationError as exc:
        raise ConfigError(describe(exc, source, model)) from None


def describe(exc: ValidationError, source: str, model: type[BaseModel]) -> str:
    """One line per mistake: where (file, dotted key), what is wrong, what is allowed."""
    lines = []
    for error in exc.errors():
        location = _dotted(error["loc"])
        if error["type"] == "extra_forbidden":
            allowed = _allowed_keys(model, error["loc"][:-1])
            lines.append(f"{source}: {location}: unknown key; allowed here: {', '.join(allowed)}")
        elif error["type"] == "missing":
            lines.append(f"{source}: {location}: required key is missing")
        else:
            message = str(error["msg"]).removeprefix("Value error, ")
            if location:
                got = error.get("input")
                shown = "" if isinstance(got, dict | list) else f" (got {got!r})"
                lines.append(f"{source}: {location}: {message}{shown}")
            else:
                lines.append(f"{source}: {message}")
    return "\n".join(lines)


def _dotted(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _allowed_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[str(part)].annotation
        model = _model_in(annotation) or model
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None
