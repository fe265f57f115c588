# Shared by scripts/test, scripts/demo and scripts/install-appliance: build everything
# Antrian needs from nothing, and do nothing when it is already there.
# shellcheck shell=bash

ANTRIAN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${ANTRIAN_VENV:-$ANTRIAN_ROOT/.venv}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_system_packages() {
  local wanted missing=()
  mapfile -t wanted < <(grep -v '^\s*#' "$ANTRIAN_ROOT/scripts/apt-packages.txt" | awk 'NF {print $1}')
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ! python3 -m venv --help >/dev/null 2>&1; then missing+=(python3-venv); fi
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing system packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_python() {
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Antrian needs Python 3.11 or newer as python3 (found: $(python3 --version 2>&1))" >&2
    exit 1
  fi
}

# Create the virtualenv and (re)install the project whenever pyproject.toml changes.
ensure_venv() {
  local extras="${1:-dev}"
  ensure_python
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating virtualenv $VENV"
    python3 -m venv "$VENV"
  fi
  local stamp="$VENV/.antrian-installed" want
  want="$(sha256sum "$ANTRIAN_ROOT/pyproject.toml" | cut -d' ' -f1) $extras"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing Antrian and its dependencies into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e "$ANTRIAN_ROOT[$extras]"
    echo "$want" > "$stamp"
  fi
}
