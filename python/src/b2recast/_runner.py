"""Finding the b2recast binary and its data folder, building command lines, running them."""

import json
import math
import numbers
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

PathLike = Union[str, "os.PathLike[str]"]

BINARY_VARIABLE = "B2RECAST"
DATA_VARIABLE = "B2RECAST_DATA"


class B2RecastError(RuntimeError):
    """The binary exited with a non-zero code (or printed something that is not JSON)."""

    def __init__(self, command: Sequence[str], returncode: int, stderr: str, message: str = ""):
        self.command = list(command)
        self.returncode = returncode
        self.stderr = stderr
        text = message or f"b2recast failed with exit code {returncode}"
        detail = stderr.strip()
        super().__init__(f"{text}\ncommand: {' '.join(self.command)}" + (f"\n{detail}" if detail else ""))


class B2RecastNotFound(FileNotFoundError):
    """The binary or the data folder could not be found; the message says what to set."""


def find_binary(binary: Optional[PathLike] = None) -> Path:
    """The binary from the argument, else $B2RECAST, else `b2recast` on PATH."""
    if binary is not None:
        source, candidate = "the binary argument", str(binary)
    elif os.environ.get(BINARY_VARIABLE):
        source, candidate = f"${BINARY_VARIABLE}", os.environ[BINARY_VARIABLE]
    else:
        found = shutil.which("b2recast")
        if found is None:
            raise B2RecastNotFound(
                "b2recast binary not found: pass binary=PATH, set the environment variable "
                f"{BINARY_VARIABLE} to the binary (e.g. .build/release/b2recast after "
                "`swift build -c release`), or put `b2recast` on PATH")
        return Path(found)
    path = Path(candidate).expanduser()
    if not path.is_file():
        raise B2RecastNotFound(f"b2recast binary not found: {path} (from {source}) is not a file")
    if not os.access(path, os.X_OK):
        raise B2RecastNotFound(f"b2recast binary {path} (from {source}) is not executable")
    return path.absolute()


def find_data(data: Optional[PathLike] = None, needs: Sequence[str] = ("paper-data",)) -> Path:
    """The repository root holding paper-data/ and results/: the argument, else
    $B2RECAST_DATA, else the current directory. `needs` are the sub-folders that must exist."""
    if data is not None:
        source, root = "the data argument", Path(data).expanduser()
    elif os.environ.get(DATA_VARIABLE):
        source, root = f"${DATA_VARIABLE}", Path(os.environ[DATA_VARIABLE]).expanduser()
    else:
        source, root = "the current directory", Path.cwd()
    missing = [name for name in needs if not (root / name).is_dir()]
    if missing:
        raise B2RecastNotFound(
            f"b2recast data folder {root} (from {source}) has no {', '.join(n + '/' for n in missing)}: "
            f"pass data=PATH or set {DATA_VARIABLE} to the b2recast repository root, which holds "
            "paper-data/ and results/")
    return root.resolve()


def cli_options(options: Mapping[str, Any]) -> List[str]:
    """Keyword arguments as command-line options: `C_mumu=1` -> `--C-mumu 1`,
    `alpha_D=0.5` -> `--alpha-D 0.5`, `no_expected=True` -> `--no-expected`.
    None and False leave an option out; numbers keep full precision."""
    arguments: List[str] = []
    for key, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + key.replace("_", "-")
        if value is True:
            arguments.append(flag)
        elif isinstance(value, (str, os.PathLike)):
            arguments += [flag, os.fspath(value)]
        elif isinstance(value, numbers.Integral):
            arguments += [flag, str(int(value))]
        elif isinstance(value, numbers.Real):
            number = float(value)
            if not math.isfinite(number):
                raise ValueError(f"{key} = {number}: b2recast options need finite numbers")
            arguments += [flag, repr(number)]
        else:
            raise TypeError(f"{key} = {value!r}: expected a number, a string, a path or a bool")
    return arguments


def run(command: Sequence[str], cwd: Optional[PathLike] = None) -> str:
    """Runs one command; its standard output, or B2RecastError on a non-zero exit."""
    completed = subprocess.run(list(command), cwd=cwd, capture_output=True, text=True)
    if completed.returncode != 0:
        raise B2RecastError(command, completed.returncode, completed.stderr)
    return completed.stdout


def run_json(command: Sequence[str], cwd: Optional[PathLike] = None) -> Dict[str, Any]:
    """Runs one command that prints one JSON document and returns it."""
    output = run(command, cwd=cwd)
    try:
        return json.loads(output)
    except json.JSONDecodeError as error:
        raise B2RecastError(command, 0, output[:2000], f"b2recast printed no valid JSON ({error})") from None
