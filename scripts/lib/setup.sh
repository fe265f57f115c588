# Shared by scripts/test, scripts/demo and scripts/install-appliance: build everything
# Antrian needs from nothing, and do nothing when it is already there.
# shellcheck shell=bash

ANTRIAN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${ANTRIAN_VENV:-$ANTRIAN_ROOT/.venv}"

# Qt's libraries come with PySide6; these are the system libraries they load. Every
# Qt app needs QT_PACKAGES; a window on a real screen (X11, Xvfb) needs XCB_PACKAGES too,
# for Qt's xcb plugin. One list for the appliance installer and scripts/demo.
QT_PACKAGES=(libegl1 libgl1 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0 libdbus-1-3)
XCB_PACKAGES=(libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

missing_packages() {  # missing_packages PKG...: those not installed, one a line
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

apt_install() {  # apt_install PKG...
  [ $# -eq 0 ] && return 0
  say "installing system packages: $*"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_system_packages() {
  local wanted missing
  mapfile -t wanted < <(grep -v '^\s*#' "$ANTRIAN_ROOT/scripts/apt-packages.txt" | awk 'NF {print $1}')
  mapfile -t missing < <(missing_packages "${wanted[@]}")
  if ! python3 -m venv --help >/dev/null 2>&1; then missing+=(python3-venv); fi
  apt_install "${missing[@]}"
}

# What Qt's windows need on a real screen (X11, Xvfb); offscreen needs none of it.
ensure_screen_packages() {
  local missing
  mapfile -t missing < <(missing_packages "${QT_PACKAGES[@]}" "${XCB_PACKAGES[@]}")
  apt_install "${missing[@]}"
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
