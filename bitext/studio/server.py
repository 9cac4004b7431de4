"""A local Label Studio server (start, status, stop) and the client that talks to it.

The server binds 127.0.0.1 on a free port, with analytics, version checks and Sentry off. Its
data dir, admin password and API token live under the user data dir (``$BITEXT_DATA``, else
``$XDG_DATA_HOME/bitext``, else ``~/.local/share/bitext``) in ``studio/``; the secrets are 0600
files and are never printed or logged. ``LABEL_STUDIO_URL`` + ``LABEL_STUDIO_API_KEY`` select an
existing server instead.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bitext.errors import StudioError
from bitext.fileio import write_text
from bitext.paths import data_dir

ADMIN_EMAIL = "admin@bitext.local"
START_TIMEOUT = 180.0  # first start on an empty data dir migrates the database (~35 s)


def studio_dir() -> Path:
    return data_dir() / "studio"


@dataclass(frozen=True)
class ServerState:
    url: str
    pid: int | None  # None: an external server from LABEL_STUDIO_URL
    port: int | None
    healthy: bool
    started_in: float | None = None  # seconds to /health UP, when this call started it
    data: str = ""


# ---------------------------------------------------------------- secrets

def _secret(name: str, make) -> str:
    """Read a 0600 secret file, creating it once. An empty or undecodable one is refused; one
    others can read is used with a warning on stderr."""
    path = studio_dir() / name
    if path.exists():
        return read_secret(path)
    value = make()
    write_text(path, value + "\n", secret=True)
    return value


def read_secret(path: Path) -> str:
    """The one-line secret in ``path`` (never printed)."""
    try:
        mode = path.stat().st_mode
        value = path.read_bytes().decode("utf-8").strip()
    except (OSError, UnicodeDecodeError) as err:
        raise StudioError(f"cannot read the secret: {type(err).__name__}", path=str(path),
                          fix="delete the file; `bitext studio up` makes a new one") from None
    if not value or any(ch.isspace() or not ch.isprintable() for ch in value):
        raise StudioError("empty or malformed secret file", path=str(path),
                          fix="delete the file; `bitext studio up` makes a new one")
    if mode & 0o077:
        print(f"bitext: warning: {path} is readable by others (mode {mode & 0o777:04o}); "
              f"fix: chmod 600 {path}", file=sys.stderr)
    return value


def api_token() -> str:
    return _secret("token", lambda: secrets.token_hex(20))


def admin_password() -> str:
    return _secret("password", lambda: secrets.token_urlsafe(18))


# ---------------------------------------------------------------- process

def _state_file() -> Path:
    return studio_dir() / "server.json"


def _read_state() -> dict | None:
    """``server.json`` as bitext wrote it, or None; a damaged one is refused with the fix."""
    path = _state_file()
    try:
        st = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError):
        st = None
    ok = isinstance(st, dict) and isinstance(st.get("pid"), int) and not isinstance(st["pid"], bool) \
        and st["pid"] > 1 and isinstance(st.get("port"), int) and isinstance(st.get("url"), str) \
        and st["url"].startswith("http://127.0.0.1:")
    if not ok:
        raise StudioError("damaged server state file", path=str(path),
                          fix="delete it (and stop a Label Studio it started if one still runs), "
                              "then `bitext studio up`")
    return st


def _started(pid: int) -> str | None:
    """The process's start time (clock ticks since boot, /proc/PID/stat field 22), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def _is_ours(st: dict) -> bool:
    """The pid in ``server.json`` is still the Label Studio bitext started (not a reused pid)."""
    pid = st["pid"]
    if not _alive(pid):
        return False
    if st.get("started") is not None and _started(pid) is not None:
        return _started(pid) == st["started"]
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"label-studio" in cmdline or b"label_studio" in cmdline


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=timeout) as resp:
            return resp.status == 200 and b"UP" in resp.read()
    except (urllib.error.URLError, OSError, ValueError):
        return False


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _executable() -> str:
    here = Path(sys.executable).with_name("label-studio")
    found = str(here) if here.exists() else shutil.which("label-studio")
    if not found:
        raise StudioError("the label-studio package is not installed",
                          fix="pip install 'bitext[studio]', or set LABEL_STUDIO_URL and "
                              "LABEL_STUDIO_API_KEY to use a running server")
    return found


def server_env(port: int) -> dict[str, str]:
    """The environment the server runs in: local, quiet, legacy token on, credentials set."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("HOST", "PORT", "USERNAME", "PASSWORD", "LABEL_STUDIO_URL",
                        "LABEL_STUDIO_API_KEY")}
    env.update({
        "LABEL_STUDIO_BASE_DATA_DIR": str(studio_dir() / "data"),
        "DJANGO_DB": "sqlite",
        "LABEL_STUDIO_USERNAME": ADMIN_EMAIL,
        "LABEL_STUDIO_PASSWORD": admin_password(),
        "LABEL_STUDIO_USER_TOKEN": api_token(),
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        "LABEL_STUDIO_COLLECT_ANALYTICS": "false",
        "LABEL_STUDIO_LATEST_VERSION_CHECK": "false",
        "SENTRY_DSN": "",
        "FRONTEND_SENTRY_DSN": "",
        "LABEL_STUDIO_HOST": f"http://127.0.0.1:{port}",
    })
    return env


def status() -> ServerState | None:
    """The server bitext would talk to, or None when there is none."""
    url = os.environ.get("LABEL_STUDIO_URL")
    if url:
        return ServerState(url=url.rstrip("/"), pid=None, port=None, healthy=healthy(url))
    st = _read_state()
    if not st:
        return None
    alive = _is_ours(st)
    return ServerState(url=st["url"], pid=st["pid"], port=st["port"],
                       healthy=alive and healthy(st["url"]), data=st.get("data", ""))


def up(timeout: float = START_TIMEOUT) -> ServerState:
    """Start the local server (or return the one already running); wait for /health."""
    current = status()
    if current and current.healthy:
        return current
    st = _read_state() if current and current.pid else None
    if st and _is_ours(st):
        _stop(st["pid"])
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = studio_dir() / "server.log"
    studio_dir().mkdir(parents=True, exist_ok=True)
    os.chmod(studio_dir(), 0o700)
    cmd = [_executable(), "start", "--no-browser", "--internal-host", "127.0.0.1", "-p", str(port)]
    t0 = time.perf_counter()
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, env=server_env(port), stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                cwd=studio_dir())
    write_text(_state_file(), json.dumps({"pid": proc.pid, "port": port, "url": url,
                                          "started": _started(proc.pid),
                                          "data": str(studio_dir() / "data")}) + "\n")
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            _state_file().unlink(missing_ok=True)
            raise StudioError(f"Label Studio exited with code {proc.returncode} while starting",
                              path=str(log), fix="read the log; is the data dir writable?")
        if healthy(url, timeout=1.0):
            return ServerState(url=url, pid=proc.pid, port=port, healthy=True,
                               started_in=time.perf_counter() - t0, data=str(studio_dir() / "data"))
        time.sleep(0.5)
    _stop(proc.pid)
    _state_file().unlink(missing_ok=True)
    raise StudioError(f"Label Studio did not answer on {url}/health within {timeout:.0f} s",
                      path=str(log), fix="read the log; retry `bitext studio up`")


def _stop(pid: int, grace: float = 15.0) -> None:
    """SIGTERM the server's process group (it was started in its own session), then SIGKILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            try:
                if os.waitpid(pid, os.WNOHANG)[0] == pid:
                    return
            except ChildProcessError:
                if not _alive(pid):
                    return
            time.sleep(0.2)


def down() -> bool:
    """Stop the local server; False when none was running. A ``server.json`` whose pid is now
    another process (the server died, the pid was reused) is removed, that process left alone."""
    st = _read_state()
    if not st:
        return False
    running = _is_ours(st)
    if running:
        _stop(st["pid"])
    _state_file().unlink(missing_ok=True)
    return running


# ---------------------------------------------------------------- client

def connect(url: str | None = None, api_key: str | None = None):
    """A checked ``LabelStudio`` client: explicit args, else the environment, else the local server."""
    from bitext.studio import sdk
    sdk()
    from label_studio_sdk import LabelStudio
    from label_studio_sdk.core.api_error import ApiError

    url = url or os.environ.get("LABEL_STUDIO_URL")
    api_key = api_key or os.environ.get("LABEL_STUDIO_API_KEY")
    if not url:
        st = _read_state()
        if not st:
            raise StudioError("no Label Studio server is running",
                              fix="run `bitext studio up`, or set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY")
        url = st["url"]
    if not api_key:
        token_file = studio_dir() / "token"
        if not token_file.exists():
            raise StudioError("no API token", path=str(token_file),
                              fix="run `bitext studio up`, or set LABEL_STUDIO_API_KEY")
        api_key = read_secret(token_file)
    if any(ch.isspace() or not ch.isprintable() for ch in api_key):
        raise StudioError("the API token holds spaces or control characters",
                          fix="set LABEL_STUDIO_API_KEY to the token alone (one line)")
    url = url.rstrip("/")
    if not healthy(url):
        raise StudioError(f"Label Studio does not answer at {url}",
                          fix="run `bitext studio up` (or check LABEL_STUDIO_URL)")
    client = LabelStudio(base_url=url, api_key=api_key, timeout=300)
    try:
        client.users.whoami()
    except ApiError as err:
        if err.status_code in (401, 403):
            raise StudioError(f"Label Studio at {url} rejected the API token (HTTP {err.status_code})",
                              fix="set LABEL_STUDIO_API_KEY to a valid token (Account & Settings → "
                                  "Legacy Token)") from None
        raise StudioError(f"Label Studio at {url} answered HTTP {err.status_code}") from None
    return client
