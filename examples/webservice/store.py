"""Where the service keeps cases: SQLite for the case files, assignments, exports and the audit log;
a folder per case for the documents it received (filled decks, kept as they came).

Every record names the acting user by id, never by name; nothing in the audit log holds a value from a
case (an erased case is named by its row id, not its reference).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL UNIQUE,
    case_json TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS assignments (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    PRIMARY KEY (case_id, user_id)
);
CREATE TABLE IF NOT EXISTS exports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    audience TEXT NOT NULL,
    lang TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL,
    audit_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    stored_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    case_id INTEGER,
    detail_json TEXT NOT NULL
);
"""

ERASING = ".erasing-"  # a case folder on its way out (see Store.erase)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class CaseRow:
    id: int
    reference: str
    case_json: str
    updated_at: str


class Store:
    """One SQLite database and one folder of files. Open a connection per request (``connect``):
    sqlite3 connections are not shared between threads."""

    def __init__(self, database: Path, files: Path) -> None:
        self.database, self.files = database, files
        database.parent.mkdir(parents=True, exist_ok=True)
        files.mkdir(parents=True, exist_ok=True)
        with self.connect() as db:
            db.executescript(SCHEMA)
        self._finish_erasures()

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.database)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys = ON")
        try:
            yield db
        finally:
            db.close()

    # --- cases -----------------------------------------------------------------------------------

    def case(self, db: sqlite3.Connection, reference: str) -> CaseRow | None:
        row = db.execute("SELECT * FROM cases WHERE reference = ?", (reference,)).fetchone()
        return CaseRow(**dict(row)) if row else None

    def cases(self, db: sqlite3.Connection) -> list[dict[str, Any]]:
        rows = db.execute("SELECT id, reference, updated_at FROM cases ORDER BY reference").fetchall()
        return [{**dict(r), "caseworkers": self.caseworkers(db, r["id"])} for r in rows]

    def put(self, db: sqlite3.Connection, reference: str, case_json: str, actor: str) -> tuple[int, bool]:
        """Store or replace a case; (its row id, whether it is new). The creator is assigned to a new case."""
        existing = self.case(db, reference)
        stamp = now()
        with db:
            if existing:
                db.execute(
                    "UPDATE cases SET case_json = ?, updated_at = ? WHERE id = ?",
                    (case_json, stamp, existing.id),
                )
                case_id = existing.id
            else:
                cursor = db.execute(
                    "INSERT INTO cases (reference, case_json, updated_at) VALUES (?, ?, ?)",
                    (reference, case_json, stamp),
                )
                case_id = int(cursor.lastrowid or 0)
                db.execute("INSERT INTO assignments (case_id, user_id) VALUES (?, ?)", (case_id, actor))
            self.log(db, actor, "case.replaced" if existing else "case.created", case_id)
        return case_id, existing is None

    def replace(
        self, db: sqlite3.Connection, case: CaseRow, case_json: str, actor: str, line: Mapping[str, Any]
    ) -> None:
        """Store what retention left of a case, with desistkit's audit line, in one transaction."""
        with db:
            db.execute(
                "UPDATE cases SET case_json = ?, updated_at = ? WHERE id = ?", (case_json, now(), case.id)
            )
            self.log(db, actor, "case.retention", case.id, **dict(line))

    def caseworkers(self, db: sqlite3.Connection, case_id: int) -> list[str]:
        rows = db.execute("SELECT user_id FROM assignments WHERE case_id = ? ORDER BY user_id", (case_id,))
        return [r["user_id"] for r in rows]

    def assign(self, db: sqlite3.Connection, case_id: int, users: list[str], actor: str) -> None:
        with db:
            db.execute("DELETE FROM assignments WHERE case_id = ?", (case_id,))
            db.executemany(
                "INSERT INTO assignments (case_id, user_id) VALUES (?, ?)", [(case_id, u) for u in users]
            )
            self.log(db, actor, "case.assigned", case_id, caseworkers=users)

    # --- exports and the audit log -----------------------------------------------------------------

    def record_export(self, db: sqlite3.Connection, case_id: int, actor: str, **fields: str) -> None:
        with db:
            db.execute(
                "INSERT INTO exports (case_id, document, audience, lang, actor, created_at, audit_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (case_id, fields["document"], fields["audience"], fields["lang"], actor,
                 fields["created_at"], fields["audit_json"]),
            )  # fmt: skip

    def exports(self, db: sqlite3.Connection, case_id: int) -> list[dict[str, Any]]:
        columns = ("id", "document", "audience", "lang", "actor", "created_at")
        query = f"SELECT {', '.join(columns)}, audit_json FROM exports WHERE case_id = ? ORDER BY id"
        rows = db.execute(query, (case_id,)).fetchall()
        return [{**{c: r[c] for c in columns}, "audit": json.loads(r["audit_json"])} for r in rows]

    def log(
        self, db: sqlite3.Connection, actor: str, action: str, case_id: int | None, **detail: Any
    ) -> None:
        """One line of the audit log, inside the caller's transaction."""
        db.execute(
            "INSERT INTO audit_log (at, actor, action, case_id, detail_json) VALUES (?, ?, ?, ?, ?)",
            (now(), actor, action, case_id, json.dumps(detail, sort_keys=True)),
        )

    def audit_log(self, db: sqlite3.Connection) -> list[dict[str, Any]]:
        rows = db.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
        return [{**{k: r[k] for k in ("id", "at", "actor", "action", "case_id")},
                 "detail": json.loads(r["detail_json"])} for r in rows]  # fmt: skip

    # --- files -----------------------------------------------------------------------------------

    def folder(self, case_id: int) -> Path:
        return self.files / str(case_id)

    def add_file(
        self, db: sqlite3.Connection, case_id: int, data: bytes, suffix: str, media_type: str, actor: str
    ) -> Path:
        """Keep a received document beside its case: written whole under a temporary name, then renamed."""
        folder = self.folder(case_id)
        folder.mkdir(exist_ok=True)
        name = f"{uuid.uuid4().hex}{suffix}"
        temporary = folder / f".{name}.tmp"
        temporary.write_bytes(data)
        temporary.replace(folder / name)
        with db:
            db.execute(
                "INSERT INTO files (case_id, stored_name, media_type, actor, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (case_id, name, media_type, actor, now()),
            )
        return folder / name

    # --- erasure ---------------------------------------------------------------------------------

    def erase(self, db: sqlite3.Connection, case: CaseRow, actor: str, reason: str) -> dict[str, int]:
        """Erase a case, its assignments, export records and files, and log it: all or nothing.

        The case's folder is first renamed out of the way (one atomic rename), then the rows go in
        one transaction with the audit line; only then is the renamed folder deleted. If the
        transaction fails the folder is renamed back; if the process dies in between,
        ``_finish_erasures`` at the next start puts it back or deletes it, by whether the row is
        still there.
        """
        counts = {
            table: db.execute(f"SELECT count(*) FROM {table} WHERE case_id = ?", (case.id,)).fetchone()[0]
            for table in ("exports", "files", "assignments")
        }
        folder = self.folder(case.id)
        parked = self.files / f"{ERASING}{case.id}"
        if folder.exists():
            folder.replace(parked)
        try:
            with db:
                db.execute("DELETE FROM cases WHERE id = ?", (case.id,))
                self.log(db, actor, "case.erased", case.id, reason=reason, **counts)
        except BaseException:
            if parked.exists():
                parked.replace(folder)
            raise
        shutil.rmtree(parked, ignore_errors=True)
        return counts

    def _finish_erasures(self) -> None:
        with self.connect() as db:
            for parked in self.files.glob(f"{ERASING}*"):
                case_id = int(parked.name[len(ERASING) :])
                alive = db.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone()
                if alive:
                    parked.replace(self.folder(case_id))
                else:
                    shutil.rmtree(parked)
