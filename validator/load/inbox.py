"""Find request folders in an inbox and read their request.json."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import jsonschema

from validator.policy import ConfigError

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
REQUEST_FILE = "request.json"
MAX_REQUEST_JSON_BYTES = 1_000_000


@dataclass(frozen=True)
class Attachment:
    name: str
    path: Path
    size: int
    refused: str | None = None  # why it was not read at all (a symlink, not a regular file)


@dataclass(frozen=True)
class RequestFolder:
    request_id: str
    folder: Path
    data: dict | None  # request.json as parsed, None when missing or unparseable
    problems: tuple[tuple[str, str], ...]  # (JSON path, sentence) for request.schema
    attachments: tuple[Attachment, ...]

    def field(self, dotted: str):
        """A value of request.json by its dotted path ("retriever.email"), as parsed, or None."""
        node = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict):
                return None
            node = node.get(part)
        return node


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


_formats = jsonschema.FormatChecker(formats=())


@_formats.checks("date-time", raises=ValueError)
def _is_datetime(value) -> bool:
    if not isinstance(value, str):
        return True
    datetime.fromisoformat(value)
    return "T" in value or " " in value


@_formats.checks("date", raises=ValueError)
def _is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    date.fromisoformat(value)
    return len(value) == 10


def _json_path(error: jsonschema.ValidationError) -> str:
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        path += f".{missing}"
    return path


def validate_request(data) -> tuple[tuple[str, str], ...]:
    validator = jsonschema.Draft202012Validator(load_schema("request.schema.json"), format_checker=_formats)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = _json_path(error)
        if error.validator == "required":
            sentence = f"The mandatory field {path} is missing."
        elif error.validator == "enum":
            allowed = ", ".join(map(str, error.validator_value))
            sentence = f"{path} is {error.instance!r}, which is not one of: {allowed}."
        elif error.validator == "format":
            sentence = f"{path} is {error.instance!r}, which is not a valid {error.validator_value}."
        elif error.validator == "pattern":
            sentence = f"{path} is {error.instance!r}, which does not have the expected form."
        else:
            sentence = f"{path}: {error.message}."
        problems.append((path, sentence))
    return tuple(problems)


def read_request(folder: Path) -> tuple[dict | None, tuple[tuple[str, str], ...]]:
    path = folder / REQUEST_FILE
    if path.is_symlink() or not path.is_file():
        return None, (("$", f"{REQUEST_FILE} is missing from the request folder."),)
    try:
        if path.stat().st_size > MAX_REQUEST_JSON_BYTES:
            return None, (("$", f"{REQUEST_FILE} is larger than {MAX_REQUEST_JSON_BYTES} bytes."),)
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, (("$", f"{REQUEST_FILE} is not UTF-8 text."),)
    except (json.JSONDecodeError, RecursionError) as exc:
        return None, (("$", f"{REQUEST_FILE} is not valid JSON: {getattr(exc, 'msg', 'too deeply nested')} "
                            f"(line {getattr(exc, 'lineno', '?')}, column {getattr(exc, 'colno', '?')})."),)
    except OSError as exc:
        return None, (("$", f"{REQUEST_FILE} could not be read: {exc.strerror}."),)
    if not isinstance(data, dict):
        return None, (("$", f"{REQUEST_FILE} must hold a JSON object, not {type(data).__name__}."),)
    return data, validate_request(data)


PULL_MANIFEST = ".pull.json"


def _refused_by_pull(folder: Path) -> list[Attachment]:
    """Attachments `pki-validator pull` did not download (too large), so the check reports them."""
    try:
        manifest = json.loads((folder / PULL_MANIFEST).read_text(encoding="utf-8"))
        refused = manifest.get("refused") or []
        return [Attachment(str(r["file"]), folder / str(r["file"]), 0, refused=f"not downloaded from the service desk: {r['reason']}")
                for r in refused if isinstance(r, dict) and "file" in r and "reason" in r]
    except (OSError, ValueError, AttributeError):
        return []


def _attachments(folder: Path) -> tuple[Attachment, ...]:
    found = _refused_by_pull(folder)
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name == REQUEST_FILE or entry.name.startswith("."):
            continue
        if entry.is_symlink():
            found.append(Attachment(entry.name, entry, 0, refused="it is a symbolic link, which is never followed"))
        elif entry.is_dir():
            continue
        elif not entry.is_file():
            found.append(Attachment(entry.name, entry, 0, refused="it is not a regular file"))
        else:
            found.append(Attachment(entry.name, entry, entry.stat().st_size))
    return tuple(found)


def load_request_folder(folder: Path) -> RequestFolder:
    data, problems = read_request(folder)
    request_id = folder.name
    if data is not None and isinstance(data.get("request_id"), str) and data["request_id"].strip():
        request_id = data["request_id"].strip()
    return RequestFolder(request_id, folder, data, problems, _attachments(folder))


def discover(inbox: Path) -> list[Path]:
    """The request folders of an inbox: the inbox itself when it is one request."""
    if not inbox.exists():
        raise ConfigError(f"Inbox {inbox} does not exist.")
    if not inbox.is_dir():
        raise ConfigError(f"Inbox {inbox} is not a folder.")
    if (inbox / REQUEST_FILE).exists():
        return [inbox]
    folders = []
    for path in sorted(inbox.iterdir(), key=lambda p: p.name):
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            logging.getLogger("pki-validator").warning(f"{path.name} is a symbolic link and is not followed; "
                                                       f"put the request folder itself in the inbox")
        elif path.is_dir():
            folders.append(path)
    return folders
