"""The publishing recipe's files (deploy/systemd/, deploy/publish/) say what deploy/PUBLISHING.md says.

The recipe itself runs for real in tests/integration/test_publishing.py; here: the timer's schedule,
the service's command and user, the scripts' syntax and settings, read from the files.
"""

from __future__ import annotations

import configparser
import os
import re
import subprocess
from pathlib import Path
from typing import Any

from helpers import REPO

DEPLOY = REPO / "deploy"
PUBLISH = DEPLOY / "publish"
SYSTEMD = DEPLOY / "systemd"
GUIDE = DEPLOY / "PUBLISHING.md"


class _AllValues(dict[str, Any]):
    """A section of a unit file that keeps every value of a repeated key.

    systemd allows a key more than once (two `OnCalendar=` lines are two schedules); configparser
    keeps a key's lines in a list while it reads, so a repeated key extends that list instead of
    replacing it, and ends up as the values joined by newlines.
    """

    def __setitem__(self, key: str, value: Any) -> None:
        if isinstance(value, list) and isinstance(self.get(key), list):
            self[key].extend(value)
            return
        super().__setitem__(key, value)


def read_unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(dict_type=_AllValues, strict=False, interpolation=None,
                                       delimiters=("=",), comment_prefixes=("#", ";"))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    text = (SYSTEMD / name).read_text(encoding="utf-8")
    parser.read_string(text, source=name)
    return parser


def values(unit: configparser.ConfigParser, section: str, key: str) -> list[str]:
    return unit.get(section, key).split("\n")


def test_timer_runs_every_quarter_hour_and_at_midnight_vietnam_time() -> None:
    timer = read_unit("portal-rebuild.timer")
    assert values(timer, "Timer", "OnCalendar") == ["*:0/15", "*-*-* 00:00:00 Asia/Ho_Chi_Minh"]
    assert timer.get("Timer", "Persistent") == "true"  # a run missed while the server was off happens at boot
    assert timer.get("Timer", "Unit") == "portal-rebuild.service"
    assert timer.get("Install", "WantedBy") == "timers.target"


def test_service_runs_the_rebuild_script_once_as_an_unprivileged_user() -> None:
    service = read_unit("portal-rebuild.service")
    assert service.get("Service", "Type") == "oneshot"
    user = service.get("Service", "User")
    assert user and user not in ("root", "0")
    assert "TZ=Asia/Ho_Chi_Minh" in values(service, "Service", "Environment")
    assert service.get("Service", "UMask") == "0022"  # the web server reads what the build writes
    command = service.get("Service", "ExecStart").split()
    assert len(command) == 1
    # The command is the repository's rebuild script as the guide installs it.
    installed = Path(command[0])
    assert installed.is_absolute() and installed.name == "rebuild"
    assert (PUBLISH / installed.name).is_file()
    guide = GUIDE.read_text(encoding="utf-8")
    assert f"cp deploy/publish/* {installed.parent}/" in guide
    assert "systemctl enable --now portal-rebuild.timer" in guide


def test_scripts_are_executable_and_parse() -> None:
    scripts = ["post-receive", "publish.sh", "rebuild"]
    for name in scripts:
        path = PUBLISH / name
        assert os.access(path, os.X_OK), f"{name} is not executable"
        shebang = path.read_text(encoding="utf-8").splitlines()[0]
        shell = {"#!/bin/sh": "sh", "#!/bin/bash": "bash"}[shebang]
        result = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    # The hook and the timer share publish.sh: neither does more than call it.
    for name in ("post-receive", "rebuild"):
        code = [line for line in (PUBLISH / name).read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
        assert code[-1].startswith('exec "$here/publish.sh" '), code


def test_every_setting_of_the_example_is_read_by_the_script() -> None:
    script = (PUBLISH / "publish.sh").read_text(encoding="utf-8")
    keys_read = re.search(r"case \$key in(.*?)\) ;;", script, flags=re.DOTALL)
    assert keys_read is not None
    accepted = set(re.findall(r"\bPORTAL_[A-Z_]+\b", keys_read.group(1)))
    example = (PUBLISH / "publish.env.example").read_text(encoding="utf-8")
    keys = set(re.findall(r"^#?(PORTAL_[A-Z_]+)=", example, flags=re.MULTILINE))
    assert keys and keys <= accepted, keys - accepted
    documented = GUIDE.read_text(encoding="utf-8")
    assert all(key in documented for key in keys), [key for key in keys if key not in documented]
