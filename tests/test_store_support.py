"""Helpers for the store tests (no tests here): analysis records built on real example text, and a
throwaway PostgreSQL server on loopback.

The PostgreSQL server is started from the Debian packages' binaries (``initdb``, ``pg_ctl``) in a
temporary directory, as the ``postgres`` user when the tests run as root (PostgreSQL refuses root),
on a free port. When it cannot be started the PostgreSQL tests skip with the reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Optional

import pytest

from newsdesk.model import (Actor, Analysis, Analogy, CallToAction, DocumentInfo, Event, KBLink, Place, Quote, Segment,
                            Stance, Technique)
from newsdesk.read.document import document_id

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    """Offsets of ``needle`` in ``text`` (the first after ``after``); fails loudly if absent."""
    at = text.index(needle, after)
    return at, at + len(needle)


def wire_report(title: Optional[str] = None, published: Optional[str] = "2024-03-12") -> Analysis:
    """examples/wire_report.txt with every kind of fact, offsets found in the text itself."""
    text = (EXAMPLES / "wire_report.txt").read_text(encoding="utf-8")
    if title:
        text = text.replace("Border talks stall as both sides trade accusations", title, 1)
    headline_end = text.index("\n")
    polk, reyes = span(text, "Anja Polk"), span(text, "Tomas Reyes")
    quote = span(text, "We came with an open hand and we were shown a closed door,")
    accuse = span(text, "Valmora's chief negotiator, Tomas Reyes, accused Kestria of moving troops closer to the "
                        "crossing during the talks.")
    return Analysis(
        document=DocumentInfo(id=document_id(text), source="examples/wire_report.txt", title=text[:headline_end],
                              publisher="Meridian Wire", published=published, text=text),
        segments=[Segment(kind="headline", start=0, end=headline_end),
                  Segment(kind="body", start=headline_end + 2, end=len(text))],
        actors=[
            Actor(id="anja-polk", name="Anja Polk", type="person", aliases=["Polk", "Minister Anja Polk"],
                  mentions=[polk, span(text, "Polk", polk[1])], roles=["Kestrian Foreign Minister"],
                  kb=KBLink(wikidata="Q999001", cameo="KSTGOV")),
            Actor(id="tomas-reyes", name="Tomas Reyes", type="person", mentions=[reyes],
                  roles=["Valmora's chief negotiator"]),
            Actor(id="kestria", name="Kestria", type="country", mentions=[span(text, "Kestria")],
                  kb=KBLink(wikidata=None, cameo="KST")),
        ],
        places=[Place(id="lirra", name="Lirra", kind="city", country="AF", lat=34.5, lon=69.2, geonames_id=1138958,
                      mentions=[span(text, "Lirra")], confidence=0.9)],
        quotes=[Quote(start=quote[0], end=quote[1], speaker="anja-polk", kind="direct", cue="told reporters")],
        events=[Event(type="ACCUSE", actor="tomas-reyes", recipient="kestria", place="lirra", date="2024-03-11",
                      start=accuse[0], end=accuse[1]),
                Event(type="CONSULT", actor="anja-polk", start=span(text, "Talks between")[0],
                      end=span(text, "officials said.")[1], negated=True)],
        calls_to_action=[CallToAction(speaker="tomas-reyes", addressees=["Kestria"], action="pull back the troops",
                                      start=accuse[0], end=accuse[1])],
        stances=[Stance(holder="tomas-reyes", target="kestria", polarity=-0.7, evidence=[accuse])],
        techniques=[Technique(technique="Loaded_Language", start=span(text, "a provocation")[0],
                              end=span(text, "could ignore.")[1])],
        analogies=[Analogy(start=span(text, "a 1998 agreement")[0], end=span(text, "a 1998 agreement")[1],
                           reference="the 1998 agreement")],
    )


def plain(text: str, source: str, actors: tuple[str, ...] = (), places: tuple[str, ...] = (),
          published: Optional[str] = None) -> Analysis:
    """A record with only actors and places (found by name in ``text``): enough for stories."""
    return Analysis(
        document=DocumentInfo(id=document_id(text), source=source, title=text.split("\n", 1)[0],
                              published=published, text=text),
        segments=[Segment(kind="body", start=0, end=len(text))],
        actors=[Actor(id=name.lower().replace(" ", "-"), name=name, type="person", mentions=[span(text, name)])
                for name in actors],
        places=[Place(id=name.lower(), name=name, kind="city", mentions=[span(text, name)]) for name in places],
    )


# --- PostgreSQL ------------------------------------------------------------------------------------

def _pg_bin(name: str) -> Optional[str]:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """initdb + pg_ctl start in a temp directory; ``url(db)`` for a database on it."""

    def __init__(self) -> None:
        self.initdb, self.pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
        if not (self.initdb and self.pg_ctl):
            raise RuntimeError("PostgreSQL binaries (initdb, pg_ctl) not found; run scripts/ci_postgres.sh")
        self.prefix: list[str] = []
        self.user = None
        if os.geteuid() == 0:  # PostgreSQL will not run as root: drop to the packages' postgres user
            try:
                self.user = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root and there is no 'postgres' user to run the server") from None
            runuser = shutil.which("runuser")
            if not runuser:
                raise RuntimeError("running as root and runuser is missing")
            self.prefix = [runuser, "-u", "postgres", "--"]
        self.dir = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
        if self.user:
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        self.data = self.dir / "data"
        self.port = _free_port()

    def start(self) -> None:
        self._run([self.initdb, "-D", str(self.data), "-A", "trust", "-U", "newsdesk", "-E", "UTF8",
                   "--locale=C.UTF-8"], "initdb")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off"
        self._run([self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w", "-t", "60",
                   "start"], "pg_ctl start")

    def _run(self, cmd: list[str], what: str) -> None:
        result = subprocess.run(self.prefix + cmd, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = (self.dir / "log").read_text(errors="replace")[-800:] if (self.dir / "log").exists() else ""
            raise RuntimeError(f"{what} failed: {(result.stderr or result.stdout).strip()[-800:]} {log}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://newsdesk@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh empty database; returns its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(self.prefix + [self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)


def start_postgres() -> PostgresServer:
    """A running server, or pytest.skip with the reason it could not be started."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("PostgreSQL tests skipped: psycopg is not installed")
    try:
        server = PostgresServer()
    except RuntimeError as exc:
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    try:
        server.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        server.stop()
        pytest.skip(f"PostgreSQL tests skipped: could not start a server ({exc})")
    return server


def wait_for(predicate, timeout: float, step: float = 0.2) -> bool:
    """Poll ``predicate`` until true or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False
